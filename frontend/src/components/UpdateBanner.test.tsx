import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { UPDATE_MESSAGE, UpdateBanner } from "./UpdateBanner";

/** The two methods UpdateBanner uses, with a switch to make the page stale. */
function fakeApi() {
  let stale = false;
  const listeners = new Set<() => void>();
  return {
    isStale: () => stale,
    subscribeStale(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    goStale() {
      stale = true;
      for (const listener of listeners) listener();
    },
  };
}

describe("UpdateBanner", () => {
  it("is an empty live region until the page is stale", () => {
    render(<UpdateBanner api={fakeApi()} onReload={vi.fn()} />);
    expect(screen.getByRole("status")).toBeEmptyDOMElement();
    expect(screen.queryByRole("button", { name: "Reload" })).not.toBeInTheDocument();
  });

  it("says so and offers a reload when the API reports another version", async () => {
    const user = userEvent.setup();
    const api = fakeApi();
    const onReload = vi.fn();
    render(<UpdateBanner api={api} onReload={onReload} />);
    act(() => api.goStale());
    expect(screen.getByRole("status")).toHaveTextContent(UPDATE_MESSAGE);
    expect(UPDATE_MESSAGE).toBe("Track was updated. Reload to get the new version.");
    await user.click(screen.getByRole("button", { name: "Reload" }));
    expect(onReload).toHaveBeenCalledTimes(1);
  });
});
