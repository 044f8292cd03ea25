import { Circle, Diamond, Square, Star, Triangle, type LucideIcon } from "lucide-react";
import type { ItemKind } from "../model/kinds";
import "./kindIcon.css";

/** Each kind's shape (never colour alone): the legend names them. */
const KIND_ICONS: Record<ItemKind, LucideIcon> = {
  interview: Circle,
  step: Square,
  offer_deadline: Triangle,
  start_date: Star,
  apply_by: Diamond,
};

export function KindIcon({ kind, size = 12 }: { kind: ItemKind; size?: number }) {
  const Icon = KIND_ICONS[kind];
  return <Icon size={size} fill="currentColor" strokeWidth={1.5} aria-hidden="true" />;
}
