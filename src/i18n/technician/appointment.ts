/** Technician sentences for the appointment check-in feature. */
import { defineTechnicianEvents } from './define.js';

export const APPOINTMENT_EVENTS = defineTechnicianEvents({
  'appointment.checkedIn': {
    level: 'info',
    en: 'A customer checked in for an appointment ({businessTypeId}, {timeSlot}) and was sent to a priority ticket',
    'zh-CN': '客户预约签到成功（{businessTypeId}，{timeSlot}），已转入优先取号',
  },
  'appointment.noneToday': {
    level: 'info',
    en: 'A customer checked in ({by}) with no appointment today; a walk-in ticket was offered',
    'zh-CN': '客户签到（{by}）但今天没有预约；已提供普通取号',
  },
  'appointment.unreachable': {
    level: 'warn',
    en: 'Appointment check-in could not reach the branch service: {reason}. A walk-in ticket was offered; check the network and the branch service',
    'zh-CN': '预约签到无法连接网点服务：{reason}。已提供普通取号；请检查网络和网点服务',
  },
});
