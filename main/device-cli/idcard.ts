/**
 * The ID-card reader commands of the technician CLI: `status --device idcard` (SAM status and
 * id, card present or not) and `read-card` (find → select → read with the kiosk's IdCardReader
 * driver). The identity is printed masked as in the logs (src/log/mask.ts): the ID number's
 * first and last four characters, the family name only; never the address or the photo.
 */
import { maskIdNumber, maskName } from '../../src/log/mask.js';
import type { Identity, IdentityParse } from '../../src/domain/identity.js';
import { IdCardReader, wipeCardRead } from '../../devices/idcard/driver.js';
import { SerialTransport } from '../../devices/transport/serial-transport.js';
import { failureSentence } from './failures.js';
import type { Say } from './failures.js';
import type { CommandContext, ExitCode } from './io.js';
import type { PortOptions } from './printer.js';

/** Opens the reader, runs `body`, closes it; any failure becomes one sentence and exit 1. */
async function withReader(
  context: CommandContext,
  options: PortOptions,
  body: (reader: IdCardReader) => Promise<ExitCode>,
): Promise<ExitCode> {
  const reader = new IdCardReader(
    new SerialTransport({ path: options.port, baudRate: options.baud }),
  );
  try {
    await reader.open();
    return await body(reader);
  } catch (error) {
    context.io.err(failureSentence(context.say, error, options));
    return 1;
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/** `status --device idcard`: exit 0 only if the reader answers and its SAM is ready. */
export function idReaderStatus(context: CommandContext, options: PortOptions): Promise<ExitCode> {
  return withReader(context, options, async (reader) => {
    const { say, io } = context;
    const port = reader.description;
    const sam = await reader.samStatus();
    if (sam !== 'ok') {
      io.err(say('cli.samNotOk', { port, sam }));
      return 1;
    }
    const samId = await reader.samId();
    const card = (await reader.findCard()) ? 'present' : 'noCard';
    io.out(say('cli.idReaderStatus', { port, device: reader.lastStatus.device, sam, samId, card }));
    io.out(say('cli.idReaderReady'));
    return 0;
  });
}

/** `read-card`: reads the card on the reader and prints it masked; exit 0 only for a read. */
export function readCard(context: CommandContext, options: PortOptions): Promise<ExitCode> {
  return withReader(context, options, async (reader) => {
    const { say, io } = context;
    const port = reader.description;
    const result = await reader.readCard();
    switch (result.outcome) {
      case 'noCard':
        io.err(say('cli.noCard', { port }));
        return 1;
      case 'unreadable':
        io.err(say('cli.cardUnreadable', { port, result: result.result, command: result.command }));
        return 1;
      case 'read':
        try {
          return printIdentity(context, port, result.card.identity);
        } finally {
          wipeCardRead(result.card);
        }
    }
  });
}

function printIdentity(context: CommandContext, port: string, parse: IdentityParse): ExitCode {
  const { say, io } = context;
  if (!parse.ok) {
    switch (parse.problem) {
      case 'unsupportedCardType':
        io.err(say('idcard.cardUnsupported', { port, flag: parse.flag }));
        return 1;
      case 'invalidField':
        io.err(say('idcard.cardInvalid', { port, field: parse.field, reason: parse.reason }));
        return 1;
      case 'blockLength':
        io.err(
          say('idcard.cardInvalid', {
            port,
            field: 'text block',
            reason: `${parse.length} bytes instead of 256`,
          }),
        );
        return 1;
    }
  }
  io.out(say('cli.cardRead', { port }));
  for (const line of maskedIdentityLines(say, parse.identity)) io.out(line);
  return 0;
}

/** The identity as lines for a terminal, every identifying field masked; no address, no photo. */
export function maskedIdentityLines(say: Say, identity: Identity): string[] {
  const lines = [say('cli.field.cardType', { value: identity.cardType })];
  if (identity.cardType === 'foreignPermanentResidence') {
    lines.push(say('cli.field.englishName', { value: maskName(identity.englishName) }));
  }
  if (identity.name !== '') lines.push(say('cli.field.name', { value: maskName(identity.name) }));
  lines.push(say('cli.field.sex', { value: identity.sex }));
  if (identity.cardType === 'residentId') {
    lines.push(say('cli.field.nation', { value: identity.nation.name }));
  }
  if (identity.cardType === 'foreignPermanentResidence') {
    lines.push(say('cli.field.nationality', { value: identity.nationality }));
  }
  lines.push(say('cli.field.birthDate', { value: identity.birthDate }));
  lines.push(say('cli.field.idNumber', { value: maskIdNumber(identity.idNumber) }));
  const { from, to } = identity.validity;
  lines.push(say('cli.field.validity', { from, to: to === 'longTerm' ? say('cli.longTerm') : to }));
  return lines;
}
