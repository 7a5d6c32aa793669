/** Technician sentences for the feedback feature. The customer's comment is never logged. */
import { defineTechnicianEvents } from './define.js';

export const FEEDBACK_EVENTS = defineTechnicianEvents({
  'feedback.submitted': {
    level: 'info',
    en: 'Feedback {feedbackId} stored (rating {rating}, comment: {category}) and queued for the branch service',
    'zh-CN':
      '客户评价 {feedbackId} 已保存（评分 {rating}，留言类别：{category}），等待同步到网点服务',
  },
  'feedback.saveFailed': {
    level: 'error',
    en: 'A customer’s feedback could not be saved: {reason}. Check the data folder disk space and the database',
    'zh-CN': '客户评价未能保存：{reason}。请检查数据目录的磁盘空间和数据库',
  },
});
