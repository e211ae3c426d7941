// SPDX-License-Identifier: Apache-2.0
export * from './access';
export * from './hardening';
export * from './mesh';
export * from './mesh-namespace';
export * from './mesh-reference';
export * from './mesh-service';
export * from './peer';
export * from './port';
export * from './proxy-model';
export * from './risk-profile';
export * from './workload-identity';
