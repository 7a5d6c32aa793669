/**
 * Device infrastructure shared by every device (design.md §4).
 *
 * Adding a device (the ID-card reader next):
 * 1. `devices/<device>/framing.ts`: a decoder from bytes to reply units (for the SAM protocol,
 *    whole checked frames), resynchronising after garbage.
 * 2. `devices/<device>/driver.ts`: a {@link RequestEngine} over the device's ByteTransport, with
 *    its reply kinds and matchers; each command runs in `engine.exclusive()` and sends its
 *    requests with `engine.exchange()` (timeouts, late replies and routing are the engine's).
 *    Statuses use the CEN/XFS vocabulary of src/domain/device-status.ts.
 * 3. Its technician sentences in src/i18n/technician/devices.ts; errors carry event + fields.
 * 4. `devices/<device>/supervised.ts`: a {@link SupervisedDevice} adapter, so the composition
 *    root runs one {@link superviseDevice} for it like for the printer.
 */
export { superviseDevice } from './supervisor.js';
export type { DeviceSupervisor, DeviceSupervisorOptions, SupervisedDevice } from './supervisor.js';
export * from './engine/index.js';
