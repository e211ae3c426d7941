// SPDX-License-Identifier: Apache-2.0
import { MeshError } from '../lib/model/errors';

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

/** Annotation key prefix of recorded hardening exceptions. */
export const HARDENING_ANNOTATION_PREFIX = 'mesh.cdk8s.io/hardening-exception.';

const KEYS: Record<keyof HardeningExceptions, string> = {
  runAsRoot: 'run-as-root',
  writableRootFilesystem: 'writable-root-filesystem',
  allowPrivilegeEscalation: 'allow-privilege-escalation',
};

/** Validates the justifications and returns them as Deployment annotations. */
export function hardeningAnnotations(path: string, exceptions: HardeningExceptions): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const [prop, key] of Object.entries(KEYS) as [keyof HardeningExceptions, string][]) {
    const reason = exceptions[prop];
    if (reason === undefined) continue;
    if (typeof reason !== 'string' || reason.trim().length < 10) {
      throw new MeshError({
        path,
        problem: `hardening exception ${prop} without a justification`,
        value: reason,
        expected: 'a written justification of at least 10 characters',
        fix: `explain why the workload needs it, e.g. hardeningExceptions: { ${prop}: 'legacy image writes to /var/cache; tracked in SEC-123' }`,
      });
    }
    annotations[HARDENING_ANNOTATION_PREFIX + key] = reason.trim();
  }
  return annotations;
}
