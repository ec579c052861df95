// SPDX-License-Identifier: MIT
#include "server/imaging/StoreScp.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/scppool.h>
#include <dcmtk/dcmnet/scpthrd.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>

#include "core/text/Trim.h"
#include "server/crypto/Digest.h"
#include "server/imaging/ImageStore.h"
#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

// The pool constructs workers itself (default constructor): they find the store here. One
// receiver per process.
ImageStore* gStore = nullptr;
std::filesystem::path gIncoming;
std::function<void(const StoreScpEvent&)> gOnEvent;
std::string gAeTitle;
std::vector<std::string> gCallers;

const char* kTransferSyntaxes[] = {
    UID_LittleEndianExplicitTransferSyntax,  UID_BigEndianExplicitTransferSyntax,  UID_LittleEndianImplicitTransferSyntax,
    UID_DeflatedExplicitVRLittleEndianTransferSyntax, UID_JPEGProcess14SV1TransferSyntax, UID_JPEGProcess14TransferSyntax,
    UID_JPEGProcess1TransferSyntax, UID_JPEGProcess2_4TransferSyntax, UID_JPEGLSLosslessTransferSyntax,
    UID_JPEGLSLossyTransferSyntax, UID_RLELosslessTransferSyntax, UID_JPEG2000LosslessOnlyTransferSyntax,
    UID_JPEG2000TransferSyntax};

/// An AE title or UID from DCMTK without the spaces around it.
std::string trimmed(const char* s) { return std::string(text::trim(s, " ")); }

class Receiver : public DcmThreadSCP {
 protected:
  // More storage SOP classes exist than a DcmSCP profile may list (128): negotiate directly, as
  // DCMTK's storescp does, against every storage SOP class and verification.
  void notifyAssociationRequest(const T_ASC_Parameters& params, DcmSCPActionType& action) override {
    auto* p = const_cast<T_ASC_Parameters*>(&params);
    // Only our AE title is called, and only the listed senders call (when a list is configured).
    const std::string called = trimmed(params.DULparams.calledAPTitle), calling = trimmed(params.DULparams.callingAPTitle);
    const bool knownCaller = gCallers.empty() || std::find(gCallers.begin(), gCallers.end(), calling) != gCallers.end();
    if (called != gAeTitle || !knownCaller) {
      if (gOnEvent) gOnEvent({calling, "", "", "refused", called != gAeTitle ? "association for AE title '" + called + "'" : "calling AE title not allowed"});
      action = DCMSCP_ACTION_REFUSE_ASSOCIATION;
      return;
    }
    const int n = static_cast<int>(sizeof kTransferSyntaxes / sizeof kTransferSyntaxes[0]);
    const char* verification[] = {UID_VerificationSOPClass};
    ASC_acceptContextsWithPreferredTransferSyntaxes(p, verification, 1, kTransferSyntaxes, n);
    ASC_acceptContextsWithPreferredTransferSyntaxes(p, dcmAllStorageSOPClassUIDs, numberOfDcmAllStorageSOPClassUIDs,
                                                    kTransferSyntaxes, n);
    action = DCMSCP_ACTION_UNDEFINED;
  }
  OFCondition negotiateAssociation() override { return EC_Normal; }

  OFCondition handleIncomingCommand(T_DIMSE_Message* msg, const DcmPresentationContextInfo& info) override {
    if (msg->CommandField != DIMSE_C_STORE_RQ) return DcmThreadSCP::handleIncomingCommand(msg, info);
    T_DIMSE_C_StoreRQ& rq = msg->msg.CStoreRQ;
    StoreScpEvent event{getPeerAETitle().c_str(), rq.AffectedSOPInstanceUID, "", "failed", ""};
    const std::filesystem::path tmp = gIncoming / (randomToken(12) + ".part");
    Uint16 status = STATUS_STORE_Refused_OutOfResources;
    const OFCondition received = receiveSTORERequest(rq, info.presentationContextID, OFString(tmp.c_str()));
    std::error_code sizeError;
    const auto size = received.good() ? std::filesystem::file_size(tmp, sizeError) : 0;
    if (received.good() && (sizeError || size > ImageStore::kMaxInstanceBytes)) {
      event.outcome = "refused";
      event.detail = "larger than the instance limit";
      status = STATUS_STORE_Refused_OutOfResources;
    } else if (received.good()) {
      const std::string bytes = readStoredFile(tmp).value_or(std::string());
      try {
        // The command names the instance; the data set must be that instance (checked in the one parse).
        const auto r = gStore->store(bytes, "dimse:" + event.callingAe, static_cast<std::int64_t>(std::time(nullptr)), false,
                                     {trimmed(rq.AffectedSOPClassUID), trimmed(rq.AffectedSOPInstanceUID)}, tmp);
        status = STATUS_Success;
        event.patientId = r.info.patientId;
        const bool held = r.outcome == ImageStore::Outcome::Held || r.outcome == ImageStore::Outcome::AlreadyHeld;
        event.outcome = r.outcome == ImageStore::Outcome::Stored ? "stored" : held ? "held" : "duplicate";
        event.detail = r.info.modality + " study " + r.info.studyUid +
                       (held ? std::string(r.outcome == ImageStore::Outcome::AlreadyHeld ? " (already held)" : "") +
                                   " for the liaison office: " + r.heldReason
                             : "");
      } catch (const DicomError& e) {
        status = e.kind() == DicomError::Kind::TooLarge ? STATUS_STORE_Refused_OutOfResources
                 : e.kind() == DicomError::Kind::Unsupported ? STATUS_STORE_Error_DataSetDoesNotMatchSOPClass
                                                             : STATUS_STORE_Error_CannotUnderstand;
        event.outcome = "refused";
        event.detail = e.what();
      } catch (const std::exception& e) {
        event.detail = e.what();
      }
    } else {
      event.detail = std::string("receiving failed: ") + received.text();
    }
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    if (gOnEvent) gOnEvent(event);
    if (received.bad()) return received;
    // The answer's own result: a refused instance is a status, not a broken association.
    return sendSTOREResponse(info.presentationContextID, rq, status);
  }
};

}  // namespace

struct StoreScp::Pool {
  DcmSCPPool<Receiver> pool;
  std::atomic<bool> listening{false};
  OFCondition result = EC_Normal;
};

StoreScp::StoreScp(ImageStore& store, std::filesystem::path incomingDir, std::function<void(const StoreScpEvent&)> onEvent) {
  gStore = &store;
  gIncoming = std::move(incomingDir);
  gOnEvent = std::move(onEvent);
}

StoreScp::~StoreScp() { stop(); }

void StoreScp::start(int port, const std::string& aeTitle, int maxAssociations, const std::vector<std::string>& callers) {
  gAeTitle = aeTitle;
  gCallers = callers;
  // DCMTK turns Nagle's algorithm off on accepted associations only when TCP_NODELAY says so; with
  // it on, each C-STORE response waits for the sender's delayed ACK (~40 ms: 21 instead of ~100
  // instances/s over one association). An operator's own setting is kept.
  ::setenv("TCP_NODELAY", "1", 0);
  initialiseDicom();
  std::filesystem::create_directories(gIncoming);
  // Refuse clearly when the port is taken (DCMTK's listen() would return at once, in its thread).
  const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  const int yes = 1;
  ::setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  const bool free = ::bind(probe, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(probe);
  if (!free) throw std::runtime_error("cannot listen for DICOM on port " + std::to_string(port) + " (in use, or not permitted)");

  pool_ = std::make_unique<Pool>();
  DcmSCPConfig& c = pool_->pool.getConfig();
  c.setPort(static_cast<Uint16>(port));
  c.setAETitle(aeTitle.c_str());
  c.setRespondWithCalledAETitle(OFFalse);
  c.setConnectionBlockingMode(DUL_NOBLOCK);  // the listen loop wakes every second: stop() can end it
  c.setConnectionTimeout(1);
  c.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  c.setDIMSETimeout(60);
  c.setACSETimeout(30);
  c.setMaxReceivePDULength(ASC_MAXIMUMPDUSIZE);
  pool_->pool.setMaxThreads(static_cast<Uint16>(maxAssociations));
  Pool* p = pool_.get();
  thread_ = std::thread([p] {
    p->listening = true;
    p->result = p->pool.listen();
    p->listening = false;
  });
}

void StoreScp::stop() {
  if (!pool_) return;
  pool_->pool.stopAfterCurrentAssociations();
  if (thread_.joinable()) thread_.join();
  pool_.reset();
}

}  // namespace renkei::server
