package org.occmmigrator.process;

/**
 * Every id, error code and variable name of {@code bpmn/occm-migration.bpmn} that Java code uses.
 * {@code MigrationProcessModelTest} checks each of them against the BPMN file.
 */
public final class MigrationProcess {

  /** Process id = file name in bpmn/. */
  public static final String KEY = "occm-migration";

  /** Elements the API and the tests refer to. */
  public static final class Element {
    public static final String CHECK_ELIGIBILITY = "Task_CheckEligibility";
    public static final String CONFIRM_MIGRATION = "Task_ConfirmMigration";
    public static final String VERIFY_PLAN = "Task_VerifyPlan";
    public static final String PIN_FLOATING_IPS = "Task_PinFloatingIps";
    public static final String ENABLE_EXTERNAL_CLOUD_PROVIDER = "Task_EnableExternalCloudProvider";
    public static final String WAIT_FOR_CONTROL_PLANE = "SubProcess_WaitForControlPlane";
    public static final String CHECK_CONTROL_PLANE = "Task_CheckControlPlane";
    public static final String HANDLE_STALLED_CONTROL_PLANE = "Task_HandleStalledControlPlane";
    public static final String VERIFY_VOLUMES = "Task_VerifyVolumes";
    public static final String WAIT_FOR_LOAD_BALANCERS = "SubProcess_WaitForLoadBalancers";
    public static final String CHECK_LOAD_BALANCERS = "Task_CheckLoadBalancers";
    public static final String RESOLVE_LOAD_BALANCER_PROBLEM = "Task_ResolveLoadBalancerProblem";
    public static final String HAND_OVER_SERVICE = "SubProcess_HandOverService";
    public static final String SWITCH_DNS = "Task_SwitchDns";
    public static final String CHECK_DNS_RECORD = "Task_CheckDnsRecord";
    public static final String APPROVE_FLOATING_IP_MOVE = "Task_ApproveFloatingIpMove";
    public static final String MOVE_FLOATING_IP = "Task_MoveFloatingIp";
    public static final String PROBE_FLOATING_IP = "Task_ProbeFloatingIp";
    public static final String MOVE_FLOATING_IP_BACK = "Task_MoveFloatingIpBack";
    public static final String SWITCH_INTERNAL_CONSUMERS = "Task_SwitchInternalConsumers";
    public static final String VERIFY_HANDOVER_COMPLETE = "Task_VerifyHandoverComplete";
    public static final String RESOLVE_INCOMPLETE_HANDOVER = "Task_ResolveIncompleteHandover";
    public static final String DNS_CACHES_EXPIRED = "Timer_DnsCachesExpired";
    public static final String ROTATE_WORKERS = "SubProcess_RotateWorkers";
    public static final String ROTATE_MACHINE_DEPLOYMENTS = "Task_RotateMachineDeployments";
    public static final String HANDLE_STALLED_ROTATION = "Task_HandleStalledRotation";
    public static final String WAIT_FOR_FINAL_ROLLOUT = "SubProcess_WaitForFinalRollout";
    public static final String CHECK_FINAL_ROLLOUT = "Task_CheckFinalRollout";
    public static final String HANDLE_STALLED_FINAL_ROLLOUT = "Task_HandleStalledFinalRollout";
    public static final String DECIDE_CLEANUP = "Task_DecideCleanup";
    public static final String DELETE_OLD_LOAD_BALANCERS = "Task_DeleteOldLoadBalancers";
    public static final String VERIFY_OLD_LOAD_BALANCERS_GONE = "Task_VerifyOldLoadBalancersGone";
    public static final String WRITE_REPORT = "Task_WriteReport";

    public static final String END_COMPLETED = "EndEvent_Completed";
    public static final String END_REJECTED = "EndEvent_Rejected";
    public static final String END_CANCELLED = "EndEvent_Cancelled";
    public static final String END_SERVICE_HANDED_OVER = "EndEvent_ServiceHandedOver";
    /** The escalations' "hand over to manual handling" ends, one per waiting step. */
    public static final String[] END_MANUAL_HANDLING = {
        "EndEvent_HandedToManualHandling", "EndEvent_LoadBalancersHandedToManualHandling",
        "EndEvent_HandoverHandedToManualHandling", "EndEvent_RotationHandedToManualHandling",
        "EndEvent_FinalRolloutHandedToManualHandling"};

    private Element() {}
  }

  /** Error codes of the business outcomes that have a path in the model. */
  public static final class ErrorCode {
    public static final String NOT_ELIGIBLE = "NOT_ELIGIBLE";
    /** The live cluster no longer matches the confirmed plan: back to the engineer with the differences. */
    public static final String PLAN_CHANGED = "PLAN_CHANGED";
    public static final String LOAD_BALANCER_FAILED = "LOAD_BALANCER_FAILED";
    public static final String DNS_NOT_SWITCHED = "DNS_NOT_SWITCHED";
    public static final String HANDOVER_INCOMPLETE = "HANDOVER_INCOMPLETE";
    public static final String OLD_LOAD_BALANCERS_REMAIN = "OLD_LOAD_BALANCERS_REMAIN";

    private ErrorCode() {}
  }

  /** Process variables. None of them ever holds a credential. */
  public static final class Variable {
    public static final String CLUSTER_ID = "clusterId";
    /** true when the API start carried the operator's confirmation. */
    public static final String CONFIRMED = "confirmed";
    /** Map of service ("namespace/name") to its {@link Handover}. */
    public static final String HANDOVERS = "handovers";
    /** The public services the handover multi-instance runs over. */
    public static final String SERVICES_TO_HAND_OVER = "servicesToHandOver";
    /** JSON: per service its old IP, new IP and new load balancer, shown in the handover tasks. */
    public static final String SERVICE_DETAILS = "serviceDetails";
    /** The services whose old load balancer the cleanup deletes, one job each (every one not adopted by Octavia). */
    public static final String OLD_LOAD_BALANCER_SERVICES = "oldLoadBalancerServices";
    /** Element variable of the handover and cleanup multi-instances: one service, "namespace/name". */
    public static final String SERVICE = "service";
    public static final String INVENTORY = "inventory";
    /** The confirmation form's options: public Services whose IP can be moved or pinned (JSON list of label/value). */
    public static final String SERVICE_OPTIONS = "serviceOptions";
    /** The plan in words (Services, warnings), shown on the confirmation form. */
    public static final String PLAN_SUMMARY = "planSummary";
    /** How the live cluster differs from the confirmed plan, shown when the confirmation comes back. */
    public static final String PLAN_CHANGES = "planChanges";
    /** ISO date-time of the irreversible trigger. */
    public static final String TRIGGERED_AT = "triggeredAt";
    /** Local to a handover: the Service's old and new load balancer ({@link org.occmmigrator.process.ServiceDetails}). */
    public static final String DETAILS = "details";
    /** Planned Services the customer deleted while the migration ran: nothing to hand over, shown in the report. */
    public static final String DELETED_SERVICES = "deletedServices";
    /** What a waiting step found still missing, with what to check: shown on escalations and by the API. */
    public static final String FINDINGS = "findings";
    public static final String REJECTION_REASON = "rejectionReason";
    public static final String PROBLEM = "problem";
    /** Set (locally) by every check step: the awaited state is reached. */
    public static final String READY = "ready";
    /** Set (locally) by every check step: how many checks ran, for the back-off. */
    public static final String CHECK_ROUND = "checkRound";
    /** An escalation's answer: WAIT_LONGER or MANUAL. */
    public static final String DECISION = "decision";
    /** A handover task's answer: DONE (DNS switched / move approved) or WAIVE. */
    public static final String HANDOVER_DECISION = "handoverDecision";
    public static final String WAIVER_REASON = "waiverReason";
    public static final String DNS_HOSTNAME = "dnsHostname";
    /** The DNS task's answer: the record's TTL before the switch, seconds (0 to 604800). */
    public static final String DNS_TTL_SECONDS = "dnsTtlSeconds";
    /** The confirmation's answers: the public Services whose old FIP is moved, or pinned before the trigger. */
    public static final String MOVE_FLOATING_IP = "moveFloatingIp";
    public static final String PIN_FLOATING_IP = "pinFloatingIp";
    /** The cleanup task's reason for keeping the old load balancers. */
    public static final String KEEP_REASON = "keepReason";
    /** Local to a handover task: when it is due (the Service's handover period). */
    public static final String HANDOVER_DUE = "handoverDue";
    /** Local to an escalation task: the stalled step and what to check, in words. */
    public static final String STALLED_STEP = "stalledStep";
    public static final String WHAT_TO_CHECK = "whatToCheck";
    /** ISO date-time before which workers must not rotate (TTL of the last DNS switch). */
    public static final String ROTATION_NOT_BEFORE = "rotationNotBefore";
    /** The cleanup task's answer: DELETE_NOW, DELETED_BY_HAND or KEEP. */
    public static final String CLEANUP = "cleanup";
    /** The cleanup task's consent of the customers to release the old FIPs of DNS-path Services. */
    public static final String RELEASE_DNS_FLOATING_IPS = "releaseDnsFloatingIps";
    /** JSON lists for the report: old load balancers deleted, and those kept with the reason. */
    public static final String DELETED_LOAD_BALANCERS = "deletedLoadBalancers";
    public static final String KEPT_LOAD_BALANCERS = "keptLoadBalancers";
    /** JSON list for the report: in-tree load balancers still in the project when the migration ends. */
    public static final String LEFT_BEHIND = "leftBehind";
    public static final String REPORT = "report";

    private Variable() {}
  }

  private MigrationProcess() {}
}
