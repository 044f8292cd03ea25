import {
  CircleSlash,
  CircleX,
  HandCoins,
  PartyPopper,
  Phone,
  Send,
  UserCheck,
  Users,
  type LucideIcon,
} from "lucide-react";
import type { EventTypeValue } from "../../../generated/trackingSchema.js";

/** One icon per event type, beside its words (never instead of them). */
export const STAGE_ICONS: Record<EventTypeValue, LucideIcon> = {
  applied: Send,
  screening: Phone,
  interview: Users,
  reference: UserCheck,
  offer: HandCoins,
  accepted: PartyPopper,
  declined: CircleSlash,
  rejected: CircleX,
};
