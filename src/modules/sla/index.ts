export {
  CN_CUSTOMER_SERVICE,
  CN_OFFICE,
  addBusinessMinutes,
  businessMinutesBetween,
  isOpen,
  validateCalendar,
  type BusinessCalendar,
  type OpeningHours,
} from "./calendar.js";
export { deadlineOf, isPaused, pause, remainingMinutes, resume, status, type SlaClock, type SlaPause, type SlaStatus } from "./clock.js";
