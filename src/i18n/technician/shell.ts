/**
 * Technician sentences for the shells (browser shell, Electron shell, the kiosk browser) and for
 * start-up. Fields hold the facts (port, origin, reason); the sentences say what to do.
 */
import { defineTechnicianEvents } from './define.js';

export const SHELL_EVENTS = defineTechnicianEvents({
  'shell.starting': {
    level: 'info',
    en: 'Starting the kiosk ({shell} shell)',
    'zh-CN': '正在启动终端（{shell} 外壳）',
  },
  'shell.listening': {
    level: 'info',
    en: 'The kiosk page is served at {origin}; only the kiosk browser, holding a one-time code, gets onto the bridge',
    'zh-CN': '终端页面地址为 {origin}；只有持有一次性代码的终端浏览器才能连接桥接',
  },
  'shell.launchFileWritten': {
    level: 'info',
    en: 'No kiosk browser was started: open the one-time address in {file} (readable by the kiosk user only) within {minutes} minutes',
    'zh-CN': '未启动终端浏览器：请在 {minutes} 分钟内打开 {file} 中的一次性地址（仅终端用户可读）',
  },
  'shell.noDisplay': {
    level: 'warn',
    en: 'No display found, so the kiosk browser was not started',
    'zh-CN': '未发现显示器，未启动终端浏览器',
  },
  'shell.noChromium': {
    level: 'warn',
    en: 'Chromium is not installed (apt-get install chromium), so the kiosk browser was not started',
    'zh-CN': '未安装 Chromium（apt-get install chromium），未启动终端浏览器',
  },
  'shell.stopping': {
    level: 'info',
    en: 'Stopping the kiosk ({signal})',
    'zh-CN': '正在停止终端（{signal}）',
  },
  'shell.startFailed': {
    level: 'fatal',
    en: 'The kiosk cannot start: {reason}',
    'zh-CN': '终端无法启动：{reason}',
  },
  'shell.crashed': {
    level: 'fatal',
    en: 'The kiosk stopped on an unexpected error ({kind}: {reason}); the service manager restarts it. The stack is in the log file',
    'zh-CN': '终端因意外错误（{kind}：{reason}）停止；服务管理器会重启它。堆栈信息见日志文件',
  },
  'shell.logFileFailed': {
    level: 'error',
    en: 'Cannot write the log file {file} ({reason}); logging goes on to standard output only. Free disk space or fix the folder permissions',
    'zh-CN':
      '无法写入日志文件 {file}（{reason}）；日志仅输出到标准输出。请释放磁盘空间或修正文件夹权限',
  },
  'shell.rendererConnected': {
    level: 'info',
    en: 'The kiosk screen connected to the bridge',
    'zh-CN': '终端屏幕已连接桥接',
  },
  'shell.rendererDisconnected': {
    level: 'info',
    en: 'The kiosk screen disconnected from the bridge',
    'zh-CN': '终端屏幕已断开桥接',
  },
  'shell.connectionDropped': {
    level: 'warn',
    en: 'A bridge connection was dropped: {reason}',
    'zh-CN': '一个桥接连接被断开：{reason}',
  },
  'shell.requestRefused': {
    level: 'warn',
    en: 'Refused a {kind} request ({reason}); a page or program other than the kiosk screen tried to reach the bridge',
    'zh-CN': '拒绝了一个 {kind} 请求（{reason}）；有终端屏幕以外的页面或程序试图访问桥接',
  },
  'shell.frameRefused': {
    level: 'warn',
    en: 'Refused a frame from the kiosk screen: {reason}',
    'zh-CN': '拒绝了来自终端屏幕的一帧：{reason}',
  },
  'shell.refusalsSuppressed': {
    level: 'warn',
    en: '{count} more refusals of kind {kind} in the last {seconds} s were not logged one by one',
    'zh-CN': '过去 {seconds} 秒内另有 {count} 次 {kind} 拒绝未逐条记录',
  },
  'shell.launchCodeReused': {
    level: 'error',
    en: 'A one-time launch code was presented again: someone else may have read it. The session it opened is closed and the kiosk browser is restarted with a new code; if this repeats, look for a foreign program on the terminal',
    'zh-CN':
      '一次性启动代码被再次使用，可能已被他人读取。其开启的会话已关闭，终端浏览器将以新代码重启；如反复出现，请检查终端上是否有外来程序',
  },
  'shell.launchCodeExpired': {
    level: 'warn',
    en: 'A one-time launch code arrived after it expired ({ageSeconds} s old): the kiosk browser starts too slowly. It is restarted with a new code, and codes now live {ttlSeconds} s; if this repeats, check the terminal for load or a failing disk',
    'zh-CN':
      '一次性启动代码在过期后才到达（已 {ageSeconds} 秒）：终端浏览器启动过慢。将以新代码重启浏览器，代码有效期现为 {ttlSeconds} 秒；如反复出现，请检查终端负载或磁盘故障',
  },
  'shell.launchCodeAbuse': {
    level: 'error',
    en: 'The kiosk browser was asked to restart {restarts} times within {windowSeconds} s because its one-time launch codes were replayed or came late: someone on the terminal is likely reading the browser command line. Restarts are held for {holdMinutes} minutes (the screen may show "connecting"); look for a foreign program or user on the terminal',
    'zh-CN':
      '由于一次性启动代码被重放或迟到，终端浏览器在 {windowSeconds} 秒内被要求重启 {restarts} 次：很可能有人在终端上读取浏览器命令行。重启暂停 {holdMinutes} 分钟（屏幕可能显示“正在连接”）；请检查终端上是否有外来程序或用户',
  },
  'shell.sessionOpened': {
    level: 'info',
    en: 'The kiosk browser exchanged its one-time code for a bridge session',
    'zh-CN': '终端浏览器已用一次性代码换取桥接会话',
  },
  'shell.browserStarted': {
    level: 'info',
    en: 'Started the kiosk browser {binary}',
    'zh-CN': '已启动终端浏览器 {binary}',
  },
  'shell.browserRestarting': {
    level: 'warn',
    en: 'The kiosk browser {why}; restarting it in {delaySeconds} s',
    'zh-CN': '终端浏览器{why}；{delaySeconds} 秒后重启',
  },
  'shell.electronStarting': {
    level: 'info',
    en: 'Starting the Electron shell ({binary})',
    'zh-CN': '正在启动 Electron 外壳（{binary}）',
  },
  'shell.electronRendererGone': {
    level: 'warn',
    en: 'The kiosk screen (Electron renderer) is gone ({reason}); reloading it',
    'zh-CN': '终端屏幕（Electron 渲染进程）已退出（{reason}）；正在重新加载',
  },
  'shell.electronUnresponsive': {
    level: 'warn',
    en: 'The kiosk screen (Electron renderer) does not respond; reloading it',
    'zh-CN': '终端屏幕（Electron 渲染进程）无响应；正在重新加载',
  },
  'shell.electronLoadFailed': {
    level: 'error',
    en: 'Cannot load the kiosk screen ({reason}); it is retried on the next crash or restart',
    'zh-CN': '无法加载终端屏幕（{reason}）；将在下次崩溃或重启时重试',
  },
});
