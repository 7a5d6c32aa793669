/**
 * The nation codes on a resident ID card (GB 3304, design.md §4.2): 01 汉 … 56 基诺, plus 97
 * 其他 and 98 外国血统中国籍人士. Index i holds the name of code i + 1.
 */
const NATIONS = [
  '汉',
  '蒙古',
  '回',
  '藏',
  '维吾尔',
  '苗',
  '彝',
  '壮',
  '布依',
  '朝鲜',
  '满',
  '侗',
  '瑶',
  '白',
  '土家',
  '哈尼',
  '哈萨克',
  '傣',
  '黎',
  '傈僳',
  '佤',
  '畲',
  '高山',
  '拉祜',
  '水',
  '东乡',
  '纳西',
  '景颇',
  '柯尔克孜',
  '土',
  '达斡尔',
  '仫佬',
  '羌',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '塔吉克',
  '怒',
  '乌孜别克',
  '俄罗斯',
  '鄂温克',
  '德昂',
  '保安',
  '裕固',
  '京',
  '塔塔尔',
  '独龙',
  '鄂伦春',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
] as const;

const OTHER: Readonly<Record<string, string>> = { '97': '其他', '98': '外国血统中国籍人士' };

/** The nation a two-digit code names, or undefined for a code not in the table. */
export function nationName(code: string): string | undefined {
  if (!/^\d\d$/.test(code)) return undefined;
  const index = Number(code) - 1;
  return NATIONS[index] ?? OTHER[code];
}

/** Every code in the table, in order (tests, the simulator). */
export const NATION_CODES: readonly string[] = [
  ...NATIONS.map((_, i) => String(i + 1).padStart(2, '0')),
  ...Object.keys(OTHER),
];
