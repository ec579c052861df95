-- 011: encapsulated frames indexed on arrival (issue 13 §3). For compressed instances, where each
-- frame's fragments lie in the stored file ("offset:length" per fragment, ',' between a frame's
-- fragments, ';' between frames), so that a frame is answered as stored without parsing the file.
-- Empty for native instances (pixel_offset/frame_bytes) and for instances stored before this.
ALTER TABLE sop_instance ADD COLUMN frame_index TEXT NOT NULL DEFAULT '';
