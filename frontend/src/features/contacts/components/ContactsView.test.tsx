import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { makeContact, makeJob } from "../../../test/factories";
import { createFakeServer } from "../../../test/fakeServer";
import { renderWithApp } from "../../../test/render";
import { ContactsView } from "./ContactsView";

const card = (name: string) =>
  screen.getByRole("heading", { name, level: 3 }).closest("li") as HTMLElement;

describe("ContactsView", () => {
  it("with no contacts, says what the page is for", async () => {
    renderWithApp(<ContactsView />);
    expect(await screen.findByText("No contacts yet.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add contact" })).toBeInTheDocument();
  });

  it("lists each contact with mailto:, tel: and LinkedIn links and the jobs they are on", async () => {
    const ada = makeContact({
      name: "Ada Lovelace",
      role: "recruiter",
      email: "ada@example.com",
      phone: "+44 (20) 7946 0958",
      linkedin_url: "https://www.linkedin.com/in/ada",
    });
    const job = makeJob({
      company: "Initech",
      title: "Engineer",
      contacts: [{ id: ada.id, name: ada.name, role: ada.role }],
    });
    const server = createFakeServer({ jobs: [job], contacts: [ada] });
    renderWithApp(<ContactsView />, { server });
    await screen.findByRole("heading", { name: "Ada Lovelace", level: 3 });
    const item = within(card("Ada Lovelace"));
    expect(item.getByText("Recruiter")).toBeInTheDocument();
    expect(item.getByRole("link", { name: /ada@example.com/ })).toHaveAttribute(
      "href",
      "mailto:ada@example.com",
    );
    expect(item.getByRole("link", { name: /7946/ })).toHaveAttribute("href", "tel:+442079460958");
    const linkedin = item.getByRole("link", { name: /LinkedIn/ });
    expect(linkedin).toHaveAttribute("href", "https://www.linkedin.com/in/ada");
    expect(linkedin).toHaveAttribute("rel", "noopener noreferrer");
    expect(await item.findByRole("link", { name: "Engineer at Initech" })).toHaveAttribute(
      "href",
      `/jobs/${job.id}`,
    );
  });

  it("searches by name or email, ignoring case", async () => {
    const server = createFakeServer({
      contacts: [
        makeContact({ name: "Ada", email: "ada@acme.example" }),
        makeContact({ name: "Bob", email: "bob@globex.example" }),
      ],
    });
    const { user } = renderWithApp(<ContactsView />, { server });
    const search = await screen.findByRole("searchbox", { name: "Search contacts" });
    await user.type(search, "GLOBEX");
    expect(screen.queryByRole("heading", { name: "Ada" })).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Bob" })).toBeInTheDocument();
    expect(screen.getByText("1 of 2 contacts match")).toBeInTheDocument();
    await user.clear(search);
    await user.type(search, "nobody");
    expect(screen.getByText(/No contact has “nobody”/)).toBeInTheDocument();
  });

  it("adds a contact, refusing a bad email before sending", async () => {
    const server = createFakeServer();
    const { user } = renderWithApp(<ContactsView />, { server });
    await user.click(await screen.findByRole("button", { name: "Add contact" }));
    const dialog = within(screen.getByRole("dialog", { name: "Add a contact" }));
    await user.type(dialog.getByLabelText(/Name/), "Grace Hopper");
    await user.selectOptions(dialog.getByLabelText("Role"), "hiring_manager");
    await user.type(dialog.getByLabelText("Email"), "grace at navy");
    await user.click(dialog.getByRole("button", { name: "Add contact" }));
    expect(dialog.getByText(/An email address such as/)).toBeInTheDocument();
    expect(server.requestsTo("POST", /^\/api\/contacts$/)).toHaveLength(0);

    await user.clear(dialog.getByLabelText("Email"));
    await user.type(dialog.getByLabelText("Email"), "grace@navy.example");
    await user.click(dialog.getByRole("button", { name: "Add contact" }));
    expect(await screen.findByRole("heading", { name: "Grace Hopper" })).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const [sent] = server.requestsTo("POST", /^\/api\/contacts$/);
    expect(sent?.body).toMatchObject({
      name: "Grace Hopper",
      role: "hiring_manager",
      email: "grace@navy.example",
      phone: "",
    });
    expect(within(card("Grace Hopper")).getByText("Hiring manager")).toBeInTheDocument();
  });

  it("shows the server's 422 at the field it names", async () => {
    const server = createFakeServer();
    server.intercept((r) =>
      r.method === "POST" && r.path === "/api/contacts"
        ? new Response(
            JSON.stringify({
              detail: [
                { loc: ["body", "phone"], msg: "Value error, use digits", type: "value_error" },
              ],
              message: "phone: use digits",
            }),
            { status: 422, headers: { "Content-Type": "application/json" } },
          )
        : undefined,
    );
    const { user } = renderWithApp(<ContactsView />, { server });
    await user.click(await screen.findByRole("button", { name: "Add contact" }));
    const dialog = within(screen.getByRole("dialog", { name: "Add a contact" }));
    await user.type(dialog.getByLabelText(/Name/), "Ada");
    await user.type(dialog.getByLabelText("Phone"), "call me");
    await user.click(dialog.getByRole("button", { name: "Add contact" }));
    expect(await dialog.findByText(/use digits/)).toBeInTheDocument();
    expect(dialog.getByLabelText("Phone")).toHaveAttribute("aria-invalid", "true");
  });

  it("edits a contact and deletes one after a confirmation", async () => {
    const server = createFakeServer({
      contacts: [makeContact({ name: "Ada" }), makeContact({ name: "Bob" })],
    });
    const { user } = renderWithApp(<ContactsView />, { server });
    await screen.findByRole("heading", { name: "Ada" });
    await user.click(within(card("Ada")).getByRole("button", { name: "Edit Ada" }));
    const edit = within(screen.getByRole("dialog", { name: "Edit Ada" }));
    await user.type(edit.getByLabelText("Note"), "Met at PyCon");
    await user.click(edit.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Met at PyCon")).toBeInTheDocument();

    await user.click(within(card("Bob")).getByRole("button", { name: "Delete Bob" }));
    const confirm = within(screen.getByRole("alertdialog", { name: "Delete Bob?" }));
    await user.click(confirm.getByRole("button", { name: "Delete contact" }));
    await waitFor(() => expect(screen.queryByRole("heading", { name: "Bob" })).toBeNull());
    expect(server.contacts().map((c) => c.name)).toEqual(["Ada"]);
  });
});
