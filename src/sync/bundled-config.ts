/**
 * The branch configuration the kiosk ships with: what it offers on a new or emptied store while
 * the branch service cannot be reached, so the customer meets a sensible list of queues instead
 * of "choose a queue" with nothing to choose. The branch service's configuration replaces it as
 * soon as one arrives (and is cached, so it is not used again after that).
 *
 * The ids and prefixes are those of the reference branch service's defaults, so tickets taken on
 * this list land in the branch's queues of the same name. The branch name says, discreetly, that
 * the list is the default one: that is the customer-visible note; the technician gets
 * `sync.configBundled`.
 */
import type { BranchConfig } from '../contract/sync.js';

export const BUNDLED_BRANCH_CONFIG: BranchConfig = {
  branch: {
    id: 'bundled-default',
    name: { 'zh-CN': '银行网点（默认服务列表）', en: 'Bank branch (default service list)' },
  },
  businessTypes: [
    {
      id: 'personal',
      prefix: 'A',
      name: { 'zh-CN': '个人业务', en: 'Personal banking' },
      description: {
        'zh-CN': '存取款、开户、挂失、转账',
        en: 'Deposits, withdrawals, accounts, lost cards, transfers',
      },
    },
    {
      id: 'business',
      prefix: 'B',
      name: { 'zh-CN': '对公业务', en: 'Business banking' },
      description: { 'zh-CN': '企业开户、对公结算', en: 'Company accounts and settlement' },
    },
    {
      id: 'wealth',
      prefix: 'V',
      name: { 'zh-CN': '贵宾理财', en: 'VIP and wealth management' },
      description: {
        'zh-CN': '理财产品、贵宾客户服务',
        en: 'Investment products, VIP customer service',
      },
    },
  ],
};
