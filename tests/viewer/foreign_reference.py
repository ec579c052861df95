#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The reference values of a DICOM file written by other software, decoded by other software:
#   foreign_reference.py IN.dcm OUT.dcm
# pydicom (its own numpy and RLE decoders, not DCMTK) reads IN's pixel data — uncompressed or RLE —
# and writes the values uncompressed, explicit VR little endian, colour by pixel; YBR_FULL_422
# comes out upsampled as YBR_FULL. For the JPEG family make_frames.sh uses GDCM's gdcmconv --raw.
import sys

import numpy
import pydicom
from pydicom.uid import ExplicitVRLittleEndian

src, dst = sys.argv[1], sys.argv[2]
ds = pydicom.dcmread(src)
values = ds.pixel_array
if getattr(ds, "NumberOfFrames", 1) not in (None, "", 1, "1"):
    values = values[0]
    ds.NumberOfFrames = 1
if ds.PhotometricInterpretation == "YBR_FULL_422":
    ds.PhotometricInterpretation = "YBR_FULL"
if ds.SamplesPerPixel > 1:
    ds.PlanarConfiguration = 0
dtype = {8: numpy.uint8, 16: numpy.uint16, 32: numpy.uint32}[ds.BitsAllocated]
if ds.PixelRepresentation == 1:
    dtype = {8: numpy.int8, 16: numpy.int16, 32: numpy.int32}[ds.BitsAllocated]
ds.PixelData = numpy.ascontiguousarray(values.astype(dtype).astype(dtype().dtype.newbyteorder("<"))).tobytes()
ds["PixelData"].VR = "OB" if ds.BitsAllocated == 8 else "OW"
ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
ds.is_little_endian, ds.is_implicit_VR = True, False
ds.save_as(dst, write_like_original=False)
