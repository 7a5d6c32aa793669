/**
 * Technician sentences for the devices (design.md §4): the request/response engine's reasons,
 * the device supervisor's events and the printer's failures. Drivers carry a reason and fields;
 * the words are here, in both languages. Sentences that end in a period are whole sentences;
 * the others are reasons that go into another sentence's {why} (an Error's English message,
 * for developers).
 *
 * A logged sentence holds no other sentence (a parameter has the same value in every language),
 * so the printer's failures are written once as templates below and expanded here into one
 * event per outcome (nothing printed; ticket possibly incomplete, rest discarded or not), each
 * whole in its own language. The cause of a silent printer is a code ({cause}, e.g.
 * `device.replyTimedOut`): itself a catalogue event, readable in any language.
 */
import type { Language } from '../../domain/business-type.js';
import { defineTechnicianEvents, type TechnicianEventSpec } from './define.js';

const BASE_EVENTS = defineTechnicianEvents({
  // Why a request got no answer (the engine, every driver).
  'device.replyTimedOut': {
    level: 'debug',
    en: 'no valid reply within {timeoutMs} ms',
    'zh-CN': '{timeoutMs} 毫秒内没有有效应答',
  },
  'device.replyAbandoned': {
    level: 'debug',
    en: 'no longer awaited',
    'zh-CN': '已不再等待应答',
  },
  'device.portClosed': {
    level: 'debug',
    en: 'the port closed',
    'zh-CN': '端口已关闭',
  },
  'device.portNotOpen': {
    level: 'debug',
    en: 'the port is not open',
    'zh-CN': '端口未打开',
  },
  'device.writeFailed': {
    level: 'debug',
    en: 'write failed: {error}',
    'zh-CN': '写入失败：{error}',
  },
  'device.sendTimedOut': {
    level: 'debug',
    en: 'sending took longer than {timeoutMs} ms',
    'zh-CN': '发送超过 {timeoutMs} 毫秒',
  },
  'device.sendFailed': {
    level: 'debug',
    en: 'sending failed: {error}',
    'zh-CN': '发送失败：{error}',
  },

  // The device supervisor (devices/supervisor.ts).
  'device.statusChanged': {
    level: 'info',
    en: 'The {device} on {port} went from {from} to {to}.',
    'zh-CN': '{port} 上的 {device} 状态由 {from} 变为 {to}。',
  },
  'device.portLost': {
    level: 'warn',
    en: 'The {device} on {port} went away ({error}). Check the cable and the power; the kiosk keeps trying to reopen it.',
    'zh-CN': '{port} 上的 {device} 已断开（{error}）。请检查线缆和电源；自助机会持续尝试重新打开。',
  },
  'device.reopenFailed': {
    level: 'warn',
    en: 'The {device} on {port} could not be opened ({error}); next try in {retryInMs} ms. Check the cable, the power and the port in the device settings.',
    'zh-CN':
      '{port} 上的 {device} 无法打开（{error}），{retryInMs} 毫秒后重试。请检查线缆、电源以及设备设置中的端口。',
  },
  'device.reopened': {
    level: 'info',
    en: 'The {device} on {port} is open again.',
    'zh-CN': '{port} 上的 {device} 已重新打开。',
  },
  'device.pollFailed': {
    level: 'warn',
    en: 'Reading the status of the {device} on {port} failed: {error}. This is a kiosk software error: report it with the kiosk log.',
    'zh-CN':
      '读取 {port} 上 {device} 的状态出错：{error}。这是自助机软件错误，请连同日志一起报告。',
  },

  // The transports (devices/transport): what to check when a port cannot be used.
  'transport.listenerFailed': {
    level: 'error',
    en: 'A handler of {what} from {port} failed: {error}. The device is not at fault; this is a kiosk software error: report it with the kiosk log.',
    'zh-CN':
      '{port} 的 {what} 处理程序出错：{error}。设备没有故障，这是自助机软件错误，请连同日志一起报告。',
  },
  'transport.closedWhileSending': {
    level: 'warn',
    en: '{port} was closed before these bytes were sent; reopen it and resend.',
    'zh-CN': '{port} 在这些数据发出前已关闭；请重新打开后再发送。',
  },
  'transport.flushed': {
    level: 'debug',
    en: '{port} was flushed: bytes not yet sent were discarded.',
    'zh-CN': '{port} 已清空：尚未发出的数据已丢弃。',
  },
  'transport.notOpen': {
    level: 'warn',
    en: '{port} is not open; open the device before sending to it.',
    'zh-CN': '{port} 未打开；请先打开设备再发送。',
  },
  'transport.portError': {
    level: 'warn',
    en: 'Serial port {path} reported an error: {error}',
    'zh-CN': '串口 {path} 报告错误：{error}',
  },
  'transport.disconnected': {
    level: 'warn',
    en: 'Serial port {path} closed unexpectedly ({error}). Check the cable and, for a USB adapter, that it is still plugged in (the device node {path} must exist), then reopen the device.',
    'zh-CN':
      '串口 {path} 意外关闭（{error}）。请检查线缆；如使用 USB 转串口，请确认它仍已插好（设备节点 {path} 必须存在），然后重新打开设备。',
  },
  'transport.closeFailed': {
    level: 'warn',
    en: 'Could not close serial port {path}: {error}',
    'zh-CN': '无法关闭串口 {path}：{error}',
  },
  'transport.flushFailed': {
    level: 'warn',
    en: 'Could not flush serial port {path}: {error}',
    'zh-CN': '无法清空串口 {path}：{error}',
  },
  'transport.writeFailed': {
    level: 'warn',
    en: 'Writing to serial port {path} failed: {error}',
    'zh-CN': '向串口 {path} 写入失败：{error}',
  },
  'transport.timedOut': {
    level: 'error',
    en: 'Serial port {path} did not finish {operation} within {timeoutMs} ms: the USB-serial adapter or its driver has stopped responding. Unplug the adapter, wait five seconds and plug it back in (on Linux check `ls -l /dev/ttyUSB* /dev/ttyACM*`: it may come back under a new number), then reopen the device; if it happens again, replace the adapter or try another USB port.',
    'zh-CN':
      '串口 {path} 未能在 {timeoutMs} 毫秒内完成 {operation}：USB 转串口适配器或其驱动已无响应。请拔下适配器，等待五秒后重新插上（Linux 下用 `ls -l /dev/ttyUSB* /dev/ttyACM*` 检查：它可能以新编号出现），然后重新打开设备；如果再次发生，请更换适配器或换一个 USB 口。',
  },
  'transport.portNotFound': {
    level: 'error',
    en: 'Serial port {path} does not exist ({error}). Check the device cable is plugged in and the port path in the device settings: on Linux list ports with `ls -l /dev/ttyUSB* /dev/ttyACM* /dev/ttyS*` (a USB adapter may come back under a new number after a replug); on Windows see Device Manager → Ports (COM & LPT).',
    'zh-CN':
      '串口 {path} 不存在（{error}）。请检查设备线缆已插好，以及设备设置中的端口路径：Linux 下用 `ls -l /dev/ttyUSB* /dev/ttyACM* /dev/ttyS*` 列出端口（USB 适配器重新插拔后可能换了编号）；Windows 下请查看设备管理器 → 端口（COM 和 LPT）。',
  },
  'transport.accessDenied': {
    level: 'error',
    en: "No permission to open serial port {path} ({error}). Add the kiosk's user to the group that owns the port (usually `dialout`: `sudo usermod -aG dialout <user>`, then log in again) or fix the udev rule.",
    'zh-CN':
      '没有打开串口 {path} 的权限（{error}）。请把自助机用户加入拥有该端口的用户组（通常是 `dialout`：`sudo usermod -aG dialout <user>`，然后重新登录），或修正 udev 规则。',
  },
  'transport.portBusy': {
    level: 'error',
    en: 'Serial port {path} is in use by another program ({error}). Close other terminal or printer tools (e.g. `fuser {path}` shows who holds it) and retry.',
    'zh-CN':
      '串口 {path} 正被其他程序占用（{error}）。请关闭其他终端或打印工具（例如 `fuser {path}` 可显示占用者）后重试。',
  },
  'transport.openFailed': {
    level: 'error',
    en: 'Could not open serial port {path}: {error}. Check the path and baud rate in the device settings and that the port works (e.g. with a terminal program).',
    'zh-CN':
      '无法打开串口 {path}：{error}。请检查设备设置中的路径和波特率，并确认端口可用（例如用终端程序测试）。',
  },

  // The receipt printer (devices/printer): why and what to do when a ticket did not print.
  'printer.jobPrinted': {
    level: 'debug',
    en: 'Print job {jobId} on {port} printed and confirmed.',
    'zh-CN': '{port} 上的打印任务 {jobId} 已打印并确认。',
  },
  'printer.jobInterrupted': {
    level: 'warn',
    en: 'Print job {jobId} on {port} was interrupted ({reason}); it is not printed again unless someone asks for it.',
    'zh-CN': '{port} 上的打印任务 {jobId} 被中断（{reason}）；除非有人要求，否则不会重新打印。',
  },
  'printer.ticketReprinted': {
    level: 'info',
    en: "Ticket {ticket} was printed again at the customer's request (job {jobId}).",
    'zh-CN': '号票 {ticket} 已应客户要求重新打印（任务 {jobId}）。',
  },
  'printer.noAnswer': {
    level: 'debug',
    en: 'no answer to DLE EOT {n}: {why}',
    'zh-CN': 'DLE EOT {n} 无应答：{why}',
  },
  'printer.reportsOffline': {
    level: 'debug',
    en: 'it reports itself offline',
    'zh-CN': '打印机报告自身脱机',
  },
  'printer.noReasonGiven': {
    level: 'debug',
    en: 'no reason given',
    'zh-CN': '未给出原因',
  },
  'printer.nothingPrinted': {
    level: 'debug',
    en: 'Nothing was printed.',
    'zh-CN': '没有打印任何内容。',
  },
  'printer.ticketMayBeIncomplete': {
    level: 'debug',
    en: 'The ticket may be missing or incomplete; check the printer output. {cleared}',
    'zh-CN': '票据可能缺失或不完整，请检查出纸口。{cleared}',
  },
  'printer.jobCleared': {
    level: 'debug',
    en: 'The printer confirmed it discarded the rest of this ticket.',
    'zh-CN': '打印机已确认丢弃该票据的剩余部分。',
  },
  'printer.jobNotCleared': {
    level: 'debug',
    en: 'The printer did not confirm discarding the rest of this ticket (no answer to DLE DC4 8, "clear buffers"): once the fault is fixed, throw away anything it still prints for it.',
    'zh-CN':
      '打印机未确认丢弃该票据的剩余部分（DLE DC4 8“清除缓冲区”无应答）：故障排除后，请丢弃它为该票据继续打印出的任何内容。',
  },
});

/** How a failed print ended for the customer: the suffix of its event name. */
export const PRINT_OUTCOMES = ['', '.jobCleared', '.jobNotCleared'] as const;
export type PrintOutcomeSuffix = (typeof PRINT_OUTCOMES)[number];

/** The printer's failures, with {outcome} (and {cleared}) still to fill in per outcome. */
const PRINT_FAILURE_TEMPLATES = {
  'printer.paperOut': {
    level: 'warn',
    en: 'The printer on {port} is out of paper. {outcome} Load a new roll of thermal paper (printed side out), close the cover until it clicks, then print a test ticket.',
    'zh-CN':
      '{port} 上的打印机缺纸。{outcome} 请装入新的热敏纸卷（打印面朝外），合上盖子直到听到咔嗒声，然后打印一张测试票据。',
  },
  'printer.coverOpen': {
    level: 'warn',
    en: 'The printer on {port} reports its cover open. {outcome} Close the cover firmly until it clicks; if it stays "open", check the cover sensor.',
    'zh-CN':
      '{port} 上的打印机报告盖子打开。{outcome} 请用力合上盖子直到听到咔嗒声；如果仍显示“打开”，请检查盖子传感器。',
  },
  'printer.cutterError': {
    level: 'error',
    en: 'The printer on {port} reports an auto-cutter error. {outcome} Open the cover, remove paper caught at the cutter, close the cover; if it persists, power-cycle the printer.',
    'zh-CN':
      '{port} 上的打印机报告自动切刀故障。{outcome} 请打开盖子，取出卡在切刀处的纸，再合上盖子；如果仍然存在，请将打印机断电重启。',
  },
  'printer.offline': {
    level: 'error',
    en: 'The printer on {port} does not answer or is offline ({cause}). {outcome} Check the printer is powered on and shows no error light, the serial/USB cable is connected, and the port and baud rate in the device settings match the printer.',
    'zh-CN':
      '{port} 上的打印机无应答或脱机（{cause}）。{outcome} 请检查打印机已开机且没有故障灯、串口/USB 线已连接，并且设备设置中的端口和波特率与打印机一致。',
  },
  'printer.hardwareError': {
    level: 'error',
    en: 'The printer on {port} reports a hardware error. {outcome} Power-cycle the printer; if the error returns, replace the printer and report its serial number.',
    'zh-CN':
      '{port} 上的打印机报告硬件故障。{outcome} 请将打印机断电重启；如果故障再次出现，请更换打印机并报告其序列号。',
  },
  'printer.notConfirmed': {
    level: 'error',
    en: 'The printer on {port} reports ready but did not confirm the ticket ({cause}), so it may not have been printed. {cleared} Check the ticket at the printer; check the printer supports GS r 1 (paper sensor status) and that nothing blocks the paper path; then print a test ticket from the technician screen.',
    'zh-CN':
      '{port} 上的打印机显示就绪，但没有确认票据已打印（{cause}），票据可能没有打印出来。{cleared} 请到打印机处检查票据；确认打印机支持 GS r 1（纸传感器状态）且纸路没有阻挡，然后在技术员界面打印一张测试票据。',
  },
} as const satisfies Record<string, TechnicianEventSpec>;

type PrintFailureTemplate = keyof typeof PRINT_FAILURE_TEMPLATES;

/** `printer.notConfirmed` is only ever a job's outcome: no nothing-printed variant. */
type PrintFailureEvent =
  | `${Exclude<PrintFailureTemplate, 'printer.notConfirmed'>}${PrintOutcomeSuffix}`
  | `printer.notConfirmed${Exclude<PrintOutcomeSuffix, ''>}`;

function printFailureEvents(): Record<PrintFailureEvent, TechnicianEventSpec> {
  const say = (event: keyof typeof BASE_EVENTS, language: Language) => BASE_EVENTS[event][language];
  const events: Record<string, TechnicianEventSpec> = {};
  for (const [name, template] of Object.entries(PRINT_FAILURE_TEMPLATES)) {
    for (const suffix of PRINT_OUTCOMES) {
      if (suffix === '' && name === 'printer.notConfirmed') continue;
      const fill = (language: Language): string => {
        const cleared =
          suffix === '.jobCleared'
            ? say('printer.jobCleared', language)
            : say('printer.jobNotCleared', language);
        const outcome =
          suffix === ''
            ? say('printer.nothingPrinted', language)
            : say('printer.ticketMayBeIncomplete', language).replace('{cleared}', cleared);
        return template[language].replace('{outcome}', outcome).replace('{cleared}', cleared);
      };
      events[`${name}${suffix}`] = {
        level: template.level,
        en: fill('en'),
        'zh-CN': fill('zh-CN'),
      };
    }
  }
  return events as Record<PrintFailureEvent, TechnicianEventSpec>;
}

export const DEVICE_EVENTS = { ...BASE_EVENTS, ...printFailureEvents() };
