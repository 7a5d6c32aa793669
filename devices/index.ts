export { backoffDelay, superviseDevice } from './supervisor.js';
export type { DeviceSupervisor, DeviceSupervisorOptions, SupervisedDevice } from './supervisor.js';
