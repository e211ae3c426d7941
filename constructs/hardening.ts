// SPDX-License-Identifier: Apache-2.0
/**
 * Relaxations of a service's hardened pod defaults. Each field is the written justification
 * (at least 10 characters) for one relaxation; setting it turns the relaxation on and records
 * the justification as an annotation on the Deployment, so the exception is auditable in
 * the YAML (SP 800-204A: least privilege for workloads).
 */
export interface HardeningExceptions {
  /**
   * Run the container as root (UID 0) instead of a non-root user.
   *
   * @default - the container must run as non-root (`runAsNonRoot: true`)
   */
  readonly runAsRoot?: string;
  /**
   * Give the container a writable root filesystem.
   *
   * @default - the root filesystem is read-only; `/tmp` is a writable emptyDir
   */
  readonly writableRootFilesystem?: string;
  /**
   * Allow processes to gain more privileges than their parent (setuid binaries).
   *
   * @default - privilege escalation is not allowed
   */
  readonly allowPrivilegeEscalation?: string;
}
