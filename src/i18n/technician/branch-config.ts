/**
 * Technician sentences of the branch configuration file (branch-service/branch-config-file.ts,
 * branch-config-source.ts): read at start, re-read on SIGHUP or when the file changes.
 */
import { defineTechnicianEvents } from './define.js';

export const BRANCH_CONFIG_EVENTS = defineTechnicianEvents({
  'branchConfig.loaded': {
    level: 'info',
    en:
      'Branch configuration read from {file}: branch {branch}, {businessTypes} business type(s) ' +
      '(tag {etag}).',
    'zh-CN': '已从 {file} 读取网点配置：网点 {branch}，{businessTypes} 个业务类型（标记 {etag}）。',
  },
  'branchConfig.sample': {
    level: 'warn',
    en:
      'No branch configuration file is set: this branch runs on the sample configuration ' +
      '(branch "{branch}", demo queues, rates and questions). Set {setting} to the branch\'s ' +
      'file (README, "Configuring a branch").',
    'zh-CN':
      '未设置网点配置文件：本网点正在使用示例配置（网点“{branch}”、演示业务、利率和常见问题）。' +
      '请将 {setting} 设为本网点的配置文件（见 README“Configuring a branch”）。',
  },
  'branchConfig.reloaded': {
    level: 'info',
    en:
      'Branch configuration {file} reloaded ({trigger}): branch {branch}, {businessTypes} ' +
      'business type(s); kiosks get it at their next fetch (tag {etag}).',
    'zh-CN':
      '网点配置 {file} 已重新加载（{trigger}）：网点 {branch}，{businessTypes} 个业务类型；' +
      '终端将在下次获取时更新（标记 {etag}）。',
  },
  'branchConfig.unchanged': {
    level: 'info',
    en: 'Branch configuration {file} re-read ({trigger}): nothing changed (tag {etag}).',
    'zh-CN': '已重新读取网点配置 {file}（{trigger}）：内容未变（标记 {etag}）。',
  },
  'branchConfig.refused': {
    level: 'error',
    en:
      'Branch configuration {file} refused ({trigger}); kiosks are still served the previous ' +
      'one (tag {etag}). Fix the file and save it again: {reason}',
    'zh-CN':
      '网点配置 {file} 未被采用（{trigger}）；终端仍获得之前的配置（标记 {etag}）。' +
      '请修改文件后重新保存：{reason}',
  },
  'branchConfig.watchFailed': {
    level: 'warn',
    en:
      'Changes to {file} are not noticed by themselves ({reason}): after editing it, send the ' +
      'service SIGHUP (kill -HUP <pid>) or restart it.',
    'zh-CN':
      '无法自动察觉 {file} 的修改（{reason}）：编辑后请向服务发送 SIGHUP（kill -HUP <进程号>）或重启服务。',
  },
});
