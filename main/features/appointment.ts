/**
 * The appointment check-in feature's effects (issue 8): the check-in goes to the branch service
 * through the branch client (POST /v1/appointments/check-in, idempotent), for the kiosk's service
 * day; a found appointment becomes a priority identification for the ticket flow.
 *
 * The identification's key is the appointment's own customer key when it was booked with the ID
 * card, so the ticket's abuse guard sees the same customer as with the card; otherwise an HMAC of
 * the appointment code under the device secret, so one appointment gives one live ticket per
 * business type even when the customer checks in twice.
 */
import { createHmac } from 'node:crypto';
import { fromPromise } from 'xstate';
import { logEvent } from '../../src/log/index.js';
import { loadDeviceSecret, serviceDayOf } from '../../src/store/index.js';
import type { Identification } from '../../src/domain/identification.js';
import {
  appointmentFlow,
  appointmentMachine,
  type CheckInRequest,
  type CheckInResult,
} from '../../machines/appointment/index.js';
import type { Feature, Infrastructure } from './feature.js';

/** How long a customer waits for the branch service before a walk-in ticket is offered. */
export const DEFAULT_CHECK_IN_TIMEOUT_MS = 5_000;

export interface AppointmentFeatureOptions {
  readonly checkInTimeoutMs?: number;
}

/** The abuse guard's key for an appointment booked without the ID card. */
export function appointmentKeyOf(code: string, secret: Uint8Array): string {
  return createHmac('sha256', secret).update(`appointment:${code}`, 'utf8').digest('hex');
}

export function createAppointmentFeature(
  infra: Infrastructure,
  options: AppointmentFeatureOptions = {},
): Feature {
  const { branch, logger, config, now } = infra;
  const secret = loadDeviceSecret(config.dataDir);
  const timeoutMs = options.checkInTimeoutMs ?? DEFAULT_CHECK_IN_TIMEOUT_MS;

  const logic = appointmentMachine.provide({
    actors: {
      checkInAppointment: fromPromise<CheckInResult, CheckInRequest>(async ({ input }) => {
        const serviceDay = serviceDayOf(now());
        const card = 'identification' in input ? input.identification : null;
        const appointment = await branch.client.checkInAppointment(
          'code' in input
            ? { code: input.code, serviceDay }
            : { customerKey: input.identification.customerKey, serviceDay },
          timeoutMs,
        );
        if (appointment === null) return { status: 'noneToday' };
        const identification: Identification = {
          // The appointment, not the age, gives priority. The age is the card's when it was
          // read, else unknown (0: never used for priority here).
          priority: 'appointment',
          ageYears: card?.ageYears ?? 0,
          customerKey:
            card?.customerKey ??
            appointment.customerKey ??
            appointmentKeyOf(appointment.code, secret),
        };
        return {
          status: 'found',
          businessTypeId: appointment.businessTypeId,
          timeSlot: appointment.timeSlot,
          identification,
        };
      }),
    },
    actions: {
      reportCheckedIn: ({ context }) =>
        logEvent(logger, 'appointment.checkedIn', {
          businessTypeId: context.found?.businessTypeId ?? null,
          timeSlot: context.found?.timeSlot ?? null,
        }),
      reportNoneToday: ({ context }) =>
        logEvent(logger, 'appointment.noneToday', {
          by: context.identification ? 'idCard' : 'code',
        }),
      reportUnreachable: ({ context }) =>
        logEvent(logger, 'appointment.unreachable', { reason: context.failure }),
    },
  });

  return {
    name: 'appointment',
    flows: [appointmentFlow(logic)],
    stop() {
      secret.fill(0);
    },
  };
}
