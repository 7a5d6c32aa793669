/**
 * Sentences of the technician's command line (main/device-cli.ts, `npm run device`): what it
 * prints to a person at a terminal, in English or Chinese (`--lang zh-CN`). Failures the
 * drivers already describe (a port that does not exist, paper out, a silent ID reader) use
 * their own catalogue events; these are the CLI's own. Identity values are printed masked
 * (src/log/mask.ts) and are never part of a sentence here but the field lines' {value}.
 */
import { defineTechnicianEvents } from './define.js';

export const CLI_EVENTS = defineTechnicianEvents({
  'cli.help': {
    level: 'info',
    en: `Technician tool for the kiosk's serial devices.

Usage: npm run device -- <command> [options]

Commands:
  list                     the serial ports, with their USB vendor and product ids
  status --port P          whether the device on port P answers, and its state
  print-test --port P      print a test page (Chinese text, QR code, ruler, sizes, cut)
  read-card --port P       read the ID card on the reader; the identity is shown masked

Options:
  --port P                 the serial port, e.g. /dev/ttyUSB0 or COM3
  --baud B                 the baud rate the device is set to (default 115200)
  --device printer|idcard  for status: which device is on the port (default printer)
  --columns N              for print-test: characters per line (48 for 80 mm paper, 32 for 58 mm)
  --lang en|zh-CN          the language of this output (default en)
  --help                   this text

Exit status: 0 when the command succeeded, 1 when the device or port failed, 2 for wrong usage.`,
    'zh-CN': `自助机串口设备的技术员工具。

用法：npm run device -- <命令> [选项]

命令：
  list                     列出串口及其 USB 厂商号和产品号
  status --port P          端口 P 上的设备是否应答，以及其状态
  print-test --port P      打印测试页（中文、二维码、标尺、字号、切纸）
  read-card --port P       读取阅读器上的身份证；身份信息脱敏显示

选项：
  --port P                 串口，例如 /dev/ttyUSB0 或 COM3
  --baud B                 设备设定的波特率（默认 115200）
  --device printer|idcard  用于 status：端口上是哪种设备（默认 printer）
  --columns N              用于 print-test：每行字符数（80 毫米纸为 48，58 毫米纸为 32）
  --lang en|zh-CN          本输出的语言（默认 en）
  --help                   显示本说明

退出状态：成功为 0，设备或端口出错为 1，用法错误为 2。`,
  },
  'cli.usageError': {
    level: 'error',
    en: 'Wrong usage: {problem}. Run `npm run device -- --help` for the commands and options.',
    'zh-CN': '用法错误：{problem}。运行 `npm run device -- --help` 查看命令和选项。',
  },
  'cli.portListed': {
    level: 'info',
    en: '{path}  vendor {vendorId}  product {productId}  {manufacturer}',
    'zh-CN': '{path}  厂商 {vendorId}  产品 {productId}  {manufacturer}',
  },
  'cli.noPorts': {
    level: 'info',
    en: 'No serial ports found: check that the device is plugged in and powered on (a USB-serial adapter appears as /dev/ttyUSB* or /dev/ttyACM*).',
    'zh-CN':
      '没有找到串口：请检查设备已插好并已通电（USB 转串口适配器显示为 /dev/ttyUSB* 或 /dev/ttyACM*）。',
  },
  'cli.listFailed': {
    level: 'error',
    en: 'Could not list the serial ports ({error}): check that /dev is readable and the serialport module is installed (`npm ci`).',
    'zh-CN': '无法列出串口（{error}）：请检查 /dev 可读，并且已安装 serialport 模块（`npm ci`）。',
  },
  'cli.printerStatus': {
    level: 'info',
    en: 'Printer on {port}: device {device}, paper {paper}, cover {cover}, cutter {cutter}.',
    'zh-CN': '{port} 上的打印机：设备 {device}，纸 {paper}，盖子 {cover}，切刀 {cutter}。',
  },
  'cli.printerReady': {
    level: 'info',
    en: 'The printer answers and is ready to print.',
    'zh-CN': '打印机有应答，可以打印。',
  },
  'cli.printerPaperLow': {
    level: 'warn',
    en: 'The paper is running low: load a new roll soon.',
    'zh-CN': '纸将用尽：请尽快装入新纸卷。',
  },
  'cli.printerNoAnswer': {
    level: 'error',
    en: 'The printer on {port} did not answer: check the cable, that the printer is powered on, and that --baud {baud} matches the printer (its self-test page shows the baud rate; 9600 and 115200 are common).',
    'zh-CN':
      '{port} 上的打印机没有应答：请检查线缆、打印机已开机，并确认 --baud {baud} 与打印机一致（打印机自检页会显示波特率；常见为 9600 和 115200）。',
  },
  'cli.testPagePrinted': {
    level: 'info',
    en: 'The printer on {port} printed the test page and confirmed it: check the Chinese line, the QR code, that the ruler fits on one line, the four sizes, and that the paper was cut.',
    'zh-CN':
      '{port} 上的打印机已打印测试页并确认：请检查中文行、二维码、标尺是否在一行内、四种字号，以及纸是否已切断。',
  },
  'cli.idReaderStatus': {
    level: 'info',
    en: 'ID card reader on {port}: device {device}, SAM {sam} (id {samId}), card {card}.',
    'zh-CN':
      '{port} 上的身份证阅读器：设备 {device}，安全模块 {sam}（编号 {samId}），卡片 {card}。',
  },
  'cli.idReaderReady': {
    level: 'info',
    en: 'The ID card reader answers and its security module is ready.',
    'zh-CN': '身份证阅读器有应答，安全模块就绪。',
  },
  'cli.samNotOk': {
    level: 'error',
    en: "The security module (SAM) of the ID card reader on {port} reports {sam}: cards cannot be read until the reader is serviced; call the reader's vendor.",
    'zh-CN':
      '{port} 上身份证阅读器的安全模块（SAM）报告 {sam}：在阅读器维修前无法读卡，请联系阅读器厂商。',
  },
  'cli.noCard': {
    level: 'error',
    en: 'No card on the ID card reader on {port}: place the ID card flat on the reader and run read-card again.',
    'zh-CN':
      '{port} 上的身份证阅读器上没有卡片：请将身份证平放在阅读器上，然后重新运行 read-card。',
  },
  'cli.cardUnreadable': {
    level: 'error',
    en: 'The card on the ID card reader on {port} could not be read ({result} at {command}): hold it flat and still on the reader and try again; if many cards fail, clean the reader window.',
    'zh-CN':
      '{port} 上的身份证阅读器无法读取卡片（{result}，于 {command}）：请将卡片平放并保持不动后重试；若多张卡都失败，请清洁阅读器感应区。',
  },
  'cli.cardRead': {
    level: 'info',
    en: 'Card read on {port} (identity masked):',
    'zh-CN': '已在 {port} 上读取卡片（身份信息已脱敏）：',
  },
  'cli.field.cardType': {
    level: 'info',
    en: '  card type: {value}',
    'zh-CN': '  证件类型：{value}',
  },
  'cli.field.name': { level: 'info', en: '  name: {value}', 'zh-CN': '  姓名：{value}' },
  'cli.field.englishName': {
    level: 'info',
    en: '  English name: {value}',
    'zh-CN': '  英文姓名：{value}',
  },
  'cli.field.sex': { level: 'info', en: '  sex: {value}', 'zh-CN': '  性别：{value}' },
  'cli.field.nation': { level: 'info', en: '  nation: {value}', 'zh-CN': '  民族：{value}' },
  'cli.field.nationality': {
    level: 'info',
    en: '  nationality: {value}',
    'zh-CN': '  国籍：{value}',
  },
  'cli.field.birthDate': {
    level: 'info',
    en: '  birth date: {value}',
    'zh-CN': '  出生日期：{value}',
  },
  'cli.field.idNumber': {
    level: 'info',
    en: '  ID number: {value}',
    'zh-CN': '  证件号码：{value}',
  },
  'cli.field.validity': {
    level: 'info',
    en: '  valid: {from} to {to}',
    'zh-CN': '  有效期限：{from} 至 {to}',
  },
  'cli.longTerm': { level: 'info', en: 'long-term', 'zh-CN': '长期' },
  'cli.unexpected': {
    level: 'error',
    en: 'Unexpected error: {error}. This is a fault of the tool, not of the device: report it with this output.',
    'zh-CN': '意外错误：{error}。这是本工具的故障，不是设备故障：请连同本输出一起报告。',
  },
});
