/** Customer words for appointment check-in. Combined in ../messages.ts. */
import { defineMessages } from './define.js';

export const appointmentMessages = defineMessages({
  'zh-CN': {
    'menu.appointment': '预约签到',
    'appointment.title': '预约签到',
    'appointment.enterCode': '请输入预约码（6 到 8 位数字）',
    'appointment.code': '预约码',
    'appointment.checkIn': '签到',
    'appointment.checkingIn': '正在查询您的预约，请稍候',
    'appointment.found': '已找到您今天的预约',
    'appointment.slot': '预约时段：{slot}',
    'appointment.takeTicket': '领取优先号',
    'appointment.noneToday': '没有找到此预约码今天的预约。请核对预约码，或直接取普通号',
    'appointment.unreachable': '暂时无法连接网点系统查询预约。您可以先取普通号，并告知大堂工作人员',
    'appointment.walkIn': '取普通号',
    'appointment.tryAgain': '重新输入',
    'appointment.useIdCard': '刷身份证签到',
    'appointment.noneTodayByCard': '没有找到此身份证今天的预约。您可以输入预约码，或直接取号',
  },
  en: {
    'menu.appointment': 'Appointment check-in',
    'appointment.title': 'Appointment check-in',
    'appointment.enterCode': 'Enter your appointment code (6 to 8 digits)',
    'appointment.code': 'Appointment code',
    'appointment.checkIn': 'Check in',
    'appointment.checkingIn': 'Looking up your appointment. Please wait.',
    'appointment.found': 'We found your appointment for today',
    'appointment.slot': 'Time: {slot}',
    'appointment.takeTicket': 'Take my priority ticket',
    'appointment.noneToday':
      'There is no appointment today with this code. Check the code, or take an ordinary ticket.',
    'appointment.unreachable':
      'Appointments cannot be checked right now. You can take an ordinary ticket and tell a lobby guide.',
    'appointment.walkIn': 'Take an ordinary ticket',
    'appointment.tryAgain': 'Enter the code again',
    'appointment.useIdCard': 'Check in with my ID card',
    'appointment.noneTodayByCard':
      'There is no appointment today for this ID card. You can enter your code, or take a ticket.',
  },
  elder: {
    'zh-CN': {
      'appointment.enterCode': '请按预约码的数字（6 到 8 个）',
      'appointment.checkingIn': '正在找您的预约，请稍等',
      'appointment.found': '找到了，您今天有预约',
      'appointment.slot': '预约时间：{slot}',
      'appointment.takeTicket': '拿优先号',
      'appointment.noneToday': '没找到今天的预约。请再看看预约码，或拿普通号',
      'appointment.unreachable': '现在查不了预约。您可以先拿普通号，再告诉大堂工作人员',
      'appointment.walkIn': '拿普通号',
      'appointment.tryAgain': '再按一次',
      'appointment.useIdCard': '用身份证签到',
      'appointment.noneTodayByCard': '没找到这张身份证今天的预约。您可以按预约码，或拿普通号',
    },
    en: {
      'appointment.enterCode': 'Type the numbers of your appointment code (6 to 8)',
      'appointment.checkingIn': 'Looking for your appointment. Please wait.',
      'appointment.found': 'Found it. You have an appointment today.',
      'appointment.slot': 'Your time: {slot}',
      'appointment.takeTicket': 'Get my ticket (served first)',
      'appointment.noneToday':
        'No appointment today for this code. Check the code, or get a ticket.',
      'appointment.unreachable': 'We cannot check now. Get a ticket and tell a lobby guide.',
      'appointment.walkIn': 'Get a ticket',
      'appointment.tryAgain': 'Type the code again',
      'appointment.useIdCard': 'Use my ID card',
      'appointment.noneTodayByCard':
        'No appointment today for this card. Type your code, or get a ticket.',
    },
  },
});
