/**
 * Technician sentences for the kiosk store: what opening the database found (src/store's boot
 * report, turned into events by storeBootEvents) and tickets left reserved by a stop.
 */
import { defineTechnicianEvents } from './define.js';

export const STORE_EVENTS = defineTechnicianEvents({
  'store.corruptFileMovedAside': {
    level: 'error',
    en: 'The database was unreadable ({reason}); it was moved to {movedTo} for recovery and a new one was created.',
    'zh-CN': '数据库无法读取（{reason}），已移至 {movedTo} 以便恢复，并已新建数据库。',
  },
  'store.migrated': {
    level: 'info',
    en: 'The database was brought to schema version {schemaVersion} ({migrations}).',
    'zh-CN': '数据库结构已升级到版本 {schemaVersion}（{migrations}）。',
  },
  'store.kioskIdAdopted': {
    level: 'warn',
    en: 'The database belonged to kiosk {previousKioskId} and had nothing left to send; it now belongs to kiosk {kioskId}.',
    'zh-CN': '数据库原属于终端 {previousKioskId} 且无待发送数据，现归属终端 {kioskId}。',
  },
  'store.dataFolderTightened': {
    level: 'warn',
    en: 'The data folder {path} was open to other users (mode {previousMode}); it is now private (0700).',
    'zh-CN':
      '数据文件夹 {path} 曾对其他用户开放（权限 {previousMode}），现已改为仅本用户可用（0700）。',
  },
  'store.notPrivate': {
    level: 'error',
    en: '{path} is open to other users (mode {mode}) and the kiosk cannot change that ({code}): make the kiosk service user its owner, then restart the kiosk.',
    'zh-CN':
      '{path} 对其他用户开放（权限 {mode}），终端无法修改（{code}）：请将其所有者改为终端服务用户，然后重启终端。',
  },
  'store.unissuedTickets': {
    level: 'warn',
    en: '{count} ticket(s) reserved today were never issued (the kiosk stopped between taking the number and recording it): {tickets}. They may have been printed: check with the lobby guide.',
    'zh-CN':
      '今天有 {count} 张号票已取号但未记录发放（终端在取号与记录之间停止）：{tickets}。可能已打印，请与大堂引导员核对。',
  },
  'store.salvaged': {
    level: 'warn',
    en: "Recovered from the damaged database {from}: {outboxCarried} item(s) not yet sent to the branch (they are being delivered now) and {ticketsCarried} of today's ticket(s). The numbers leased before ({blocksRetired}) are retired, so none is issued twice: their unused numbers stay as gaps and the kiosk leases fresh ones from the branch service; {requestsCarried} unanswered number request(s) are voided; {journalCarried} record(s) of the ticket journal (the last tickets written before the damage) are carried over too.",
    'zh-CN':
      '已从损坏的数据库 {from} 恢复：{outboxCarried} 条尚未发送到网点的数据（正在发送）和今天的 {ticketsCarried} 张号票。此前租用的号段（{blocksRetired}）已停用，以免重复发号：其中未用的号码空缺，终端向网点服务重新租用号码；{requestsCarried} 个未获应答的取号请求将作废；损坏前最后写入的 {journalCarried} 条号票日志记录也已转入。',
  },
  'store.salvageIncomplete': {
    level: 'error',
    en: 'Not everything in the damaged database {from} could be saved: {outboxUnreadable} unsent item(s), {ticketsUnreadable} ticket row(s) and {blocksUnreadable} leased number block(s) and {journalUnreadable} ticket journal record(s) were unreadable, {outboxQuarantined} item(s) were quarantined (schema readable: {schemaReadable}; {error}). Keep the file and give it to support.',
    'zh-CN':
      '损坏的数据库 {from} 未能全部恢复：{outboxUnreadable} 条未发送数据、{ticketsUnreadable} 条号票记录和 {blocksUnreadable} 个租用号段和 {journalUnreadable} 条号票日志记录无法读取，{outboxQuarantined} 条数据已隔离（结构可读：{schemaReadable}；{error}）。请保留该文件并交给技术支持。',
  },
  'store.outboxItemQuarantined': {
    level: 'error',
    en: 'Outbox item {id} (seq {seq}, {kind}) failed its checks and was moved to the quarantine table; the items behind it are being sent. Reason: {reason}. Give the database to support.',
    'zh-CN':
      '待发送数据 {id}（序号 {seq}，{kind}）未通过检查，已移入隔离表；其后的数据正常发送。原因：{reason}。请将数据库交给技术支持。',
  },
  'store.walCheckpointFailed': {
    level: 'warn',
    en: 'The write-ahead log of {dbPath} could not be folded into the database at start (a reader holds it, or the disk refuses writes); it is tried again periodically.',
    'zh-CN':
      '启动时未能将 {dbPath} 的预写日志合并到数据库（有读取者占用或磁盘拒绝写入）；将定期重试。',
  },
  'store.diskFull': {
    level: 'error',
    en: 'The disk holding the kiosk data folder {path} is full ({freeBytes} bytes free): the kiosk tells customers to go to a counter and takes no tickets until space is freed. Nothing stored is lost; free space (old logs, other files) and it resumes by itself.',
    'zh-CN':
      '终端数据文件夹 {path} 所在磁盘已满（剩余 {freeBytes} 字节）：终端提示客户到柜台办理，在释放空间前不再取号。已保存的数据不会丢失；请释放空间（旧日志、其他文件），终端会自动恢复。',
  },
  'store.readOnly': {
    level: 'error',
    en: 'The kiosk data folder {path} cannot be written ({code}; the disk may have been remounted read-only after an error): the kiosk tells customers to go to a counter. Check the disk (dmesg), remount it writable; the kiosk resumes by itself.',
    'zh-CN':
      '终端数据文件夹 {path} 无法写入（{code}；磁盘可能因错误被重新挂载为只读）：终端提示客户到柜台办理。请检查磁盘（dmesg）并重新挂载为可写；终端会自动恢复。',
  },
  'store.writableAgain': {
    level: 'info',
    en: 'The kiosk data folder {path} can be written again ({freeBytes} bytes free): the kiosk takes tickets again.',
    'zh-CN': '终端数据文件夹 {path} 已恢复可写（剩余 {freeBytes} 字节）：终端恢复取号。',
  },
  'store.personalDataPurged': {
    level: 'info',
    en: 'Personal data the branch service acknowledged long enough ago was removed: {feedbackComments} feedback comment(s), {outboxPayloads} outbox item(s), {customerKeys} ID-card key(s); WAL emptied: {walTruncated}.',
    'zh-CN':
      '已删除分行服务确认已久的个人信息：{feedbackComments} 条意见内容、{outboxPayloads} 条待发记录、{customerKeys} 个身份证密钥；WAL 已清空：{walTruncated}。',
  },
  'store.personalDataPurgeFailed': {
    level: 'warn',
    en: 'Removing acknowledged personal data failed ({reason}); it is tried again at the next pass. Check that the disk is not full.',
    'zh-CN': '删除已确认的个人信息失败（{reason}），将在下一轮重试。请检查磁盘是否已满。',
  },
});
