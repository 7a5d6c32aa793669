import type { BranchInfo } from '../src/contract/branch-info.js';
import type { BranchConfig, LocalizedText } from '../src/contract/sync.js';

/**
 * The sample configuration: what the reference service hands out when no branch configuration
 * file is set (./branch-config-file.ts; README, "Configuring a branch"), with a warning.
 */
export const DEFAULT_BRANCH: BranchConfig['branch'] = {
  id: 'branch-dev',
  name: { 'zh-CN': '示例支行', en: 'Sample Branch' },
};

export const DEFAULT_BUSINESS_TYPES: BranchConfig['businessTypes'] = [
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
    description: {
      'zh-CN': '企业开户、对公结算',
      en: 'Company accounts and settlement',
    },
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
];

/**
 * The demo branch's opening hours: the one source for both branch information and the attract
 * screen's announcement, so the two never disagree (a first-time user saw "Saturday 9:00–12:00"
 * on one and "Saturday and Sunday 09:30–16:00" on the other).
 */
export const DEFAULT_OPENING_HOURS: BranchInfo['hours'] = [
  { days: { 'zh-CN': '周一至周五', en: 'Monday to Friday' }, time: '09:00–17:00' },
  { days: { 'zh-CN': '周六、周日', en: 'Saturday and Sunday' }, time: '09:30–16:00' },
];

/** "本网点营业时间：周一至周五 09:00–17:00，周六、周日 09:30–16:00", from the hours themselves. */
export function openingHoursAnnouncement(hours: BranchInfo['hours']): LocalizedText {
  const rows = (language: keyof LocalizedText) =>
    hours.map((row) => `${row.days[language]} ${row.time}`);
  return {
    'zh-CN': `本网点营业时间：${rows('zh-CN').join('，')}`,
    en: `Opening hours: ${rows('en').join('; ')}`,
  };
}

/**
 * What the kiosk's self-service queries show until a bank wires in its own: branch information,
 * rates with the fee schedule, and frequent questions. Demo figures, not offers.
 */
export const DEFAULT_QUERY_CONTENT: Pick<BranchConfig, 'branchInfo' | 'rates' | 'faq'> = {
  branchInfo: {
    address: {
      'zh-CN': '示例市中山路 100 号（地铁 2 号线人民广场站 3 号出口）',
      en: '100 Zhongshan Road, Sample City (Metro line 2, People’s Square, exit 3)',
    },
    phone: '95500',
    hours: DEFAULT_OPENING_HOURS,
    services: [
      { 'zh-CN': '个人存取款与转账', en: 'Personal deposits, withdrawals and transfers' },
      { 'zh-CN': '开户与银行卡挂失', en: 'Opening accounts, reporting lost cards' },
      { 'zh-CN': '外币兑换', en: 'Foreign currency exchange' },
      { 'zh-CN': '企业开户与对公结算', en: 'Company accounts and settlement' },
      { 'zh-CN': '理财产品咨询', en: 'Investment product advice' },
    ],
    accessibility: [
      { 'zh-CN': '无障碍坡道（正门左侧）', en: 'Step-free ramp (left of the main door)' },
      { 'zh-CN': '低位服务柜台（3 号窗口）', en: 'Low counter for wheelchair users (window 3)' },
      { 'zh-CN': '老花镜、放大镜', en: 'Reading glasses and magnifiers' },
      { 'zh-CN': '爱心座椅与饮用水', en: 'Priority seating and drinking water' },
    ],
  },
  rates: {
    asOf: '2026-11-20T01:00:00.000Z',
    deposit: [
      { term: { 'zh-CN': '活期', en: 'Demand deposit' }, ratePercent: 0.1 },
      { term: { 'zh-CN': '三个月', en: '3 months' }, ratePercent: 0.8 },
      { term: { 'zh-CN': '一年', en: '1 year' }, ratePercent: 1.1 },
      { term: { 'zh-CN': '三年', en: '3 years' }, ratePercent: 1.5 },
    ],
    exchange: [
      {
        currency: 'USD',
        name: { 'zh-CN': '美元', en: 'US dollar' },
        per: 100,
        buy: 710.2,
        sell: 713.2,
      },
      { currency: 'EUR', name: { 'zh-CN': '欧元', en: 'Euro' }, per: 100, buy: 770.5, sell: 776.1 },
      {
        currency: 'HKD',
        name: { 'zh-CN': '港币', en: 'Hong Kong dollar' },
        per: 100,
        buy: 91.1,
        sell: 91.5,
      },
      {
        currency: 'JPY',
        name: { 'zh-CN': '日元', en: 'Japanese yen' },
        per: 100,
        buy: 4.62,
        sell: 4.66,
      },
    ],
    fees: [
      {
        service: { 'zh-CN': '本行同城转账', en: 'Transfer within this bank' },
        fee: { 'zh-CN': '免费', en: 'Free' },
      },
      {
        service: { 'zh-CN': '跨行柜台转账', en: 'Counter transfer to another bank' },
        fee: { 'zh-CN': '每笔 2 元起', en: 'From CNY 2 per transfer' },
      },
      {
        service: { 'zh-CN': '银行卡补办', en: 'Replacement bank card' },
        fee: { 'zh-CN': '每张 5 元', en: 'CNY 5 per card' },
      },
    ],
  },
  faq: [
    {
      question: { 'zh-CN': '办理业务需要带什么证件？', en: 'What do I need to bring?' },
      answer: {
        'zh-CN': '请携带本人有效身份证件；代办业务还需代理人身份证件和授权书。',
        en: 'Your valid ID card. Acting for someone else: your ID card as well and their written authorisation.',
      },
    },
    {
      question: { 'zh-CN': '银行卡丢失怎么办？', en: 'I lost my bank card. What do I do?' },
      answer: {
        'zh-CN': '请立即拨打 95500 挂失，再携带身份证到柜台补办新卡。',
        en: 'Call 95500 at once to block it, then bring your ID card to a counter for a new one.',
      },
    },
    {
      question: { 'zh-CN': '过号了怎么办？', en: 'I missed my number. What now?' },
      answer: {
        'zh-CN': '请到大堂咨询工作人员，或重新取号。',
        en: 'Ask a guide in the lobby, or take a new ticket.',
      },
    },
  ],
};

/**
 * Everything of a branch's configuration beyond its name and queues (announcements, the
 * elder-mode policy, …): what the reference service hands out with them.
 */
export type BranchContent = Omit<BranchConfig, 'branch' | 'businessTypes'>;

/** Demo content: two announcements, the elder-mode policy's defaults, and the query content. */
export const DEFAULT_CONTENT: BranchContent = {
  announcements: [
    openingHoursAnnouncement(DEFAULT_OPENING_HOURS),
    {
      'zh-CN': '年满 65 周岁的客户刷身份证可优先取号',
      en: 'Customers aged 65 or over get priority with their ID card',
    },
  ],
  ...DEFAULT_QUERY_CONTENT,
};
