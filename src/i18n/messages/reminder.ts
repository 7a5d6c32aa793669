/** Customer words for the SMS reminder. Combined in ../messages.ts. */
import { defineMessages } from './define.js';

export const reminderMessages = defineMessages({
  'zh-CN': {
    'reminder.remindMe': '短信提醒我',
    'reminder.yourNumber': '您的号码 {number}',
    'reminder.consentTitle': '短信叫号提醒（可选）',
    'reminder.consentBody': '当您前面还剩 {count} 位客户时，我们会发送一条短信提醒您。',
    'reminder.consentUse': '您的手机号属于个人信息，仅用于发送这一条提醒，不作他用。',
    'reminder.consentKeep': '提醒发出或当天营业结束后，您的手机号即被删除。',
    'reminder.consentOptional': '是否使用由您决定，不影响您的排队顺序。',
    'reminder.agree': '同意，输入手机号',
    'reminder.noThanks': '不需要短信提醒',
    'reminder.noTicket': '没有可以提醒的号码，请点“完成”',
    'reminder.phoneTitle': '请输入您的手机号码',
    'reminder.phoneLabel': '手机号码',
    'reminder.phoneHint': '中国大陆手机号，11 位数字',
    'reminder.invalidPhone': '手机号码不正确：请输入以 13 至 19 开头的 11 位数字',
    'reminder.keypad': '数字键盘',
    'reminder.erase': '删除',
    'reminder.next': '下一步',
    'reminder.confirmTitle': '请确认短信提醒',
    'reminder.confirmBody': '当号码 {number} 前面还剩 {count} 位客户时，我们将发送短信到 {phone}。',
    'reminder.confirm': '确认提醒',
    'reminder.change': '修改号码',
    'reminder.saving': '正在设置提醒……',
    'reminder.saved': '短信提醒已设置',
    'reminder.savedBody': '前面还剩 {count} 位客户时您会收到短信，也请留意叫号。',
    'reminder.notSaved': '抱歉，短信提醒未能设置。请留意叫号，或咨询大堂工作人员',
    'reminder.noteNumber': '您的小票未打印，请记住您的号码 {number}',
  },
  en: {
    'reminder.remindMe': 'Remind me by SMS',
    'reminder.yourNumber': 'Your number {number}',
    'reminder.consentTitle': 'SMS reminder (optional)',
    'reminder.consentBody': 'We will send you one SMS when {count} customers are ahead of you.',
    'reminder.consentUse':
      'Your phone number is personal data. It is used only to send this one reminder.',
    'reminder.consentKeep':
      'It is deleted once the reminder is sent, or at the end of the day at the latest.',
    'reminder.consentOptional': 'It is your choice and does not change your place in the queue.',
    'reminder.agree': 'I agree, enter my number',
    'reminder.noThanks': 'No SMS, thanks',
    'reminder.noTicket': 'There is no ticket to remind you of. Please tap "Done".',
    'reminder.phoneTitle': 'Enter your mobile number',
    'reminder.phoneLabel': 'Mobile number',
    'reminder.phoneHint': 'A mainland China mobile number, 11 digits',
    'reminder.invalidPhone':
      'That is not a valid mobile number: enter 11 digits starting with 13 to 19',
    'reminder.keypad': 'Number keypad',
    'reminder.erase': 'Delete',
    'reminder.next': 'Next',
    'reminder.confirmTitle': 'Please confirm your SMS reminder',
    'reminder.confirmBody':
      'We will text {phone} when {count} customers are ahead of number {number}.',
    'reminder.confirm': 'Confirm',
    'reminder.change': 'Change the number',
    'reminder.saving': 'Setting your reminder…',
    'reminder.saved': 'Your SMS reminder is set',
    'reminder.savedBody':
      'You will get an SMS when {count} customers are ahead. Please listen for your number too.',
    'reminder.notSaved':
      'Sorry, the SMS reminder could not be set. Please listen for your number, or ask a lobby guide.',
    'reminder.noteNumber': 'Your ticket did not print: remember your number {number}',
  },
  elder: {
    'zh-CN': {
      'reminder.consentBody': '快轮到您时（前面还剩 {count} 位），我们发一条短信告诉您。',
      'reminder.invalidPhone': '号码不对，请输入 11 位手机号',
    },
    en: {
      'reminder.consentBody': 'We send you one text message when your turn is near.',
      'reminder.invalidPhone':
        'That number is not right. Please enter your 11-digit mobile number.',
    },
  },
});
