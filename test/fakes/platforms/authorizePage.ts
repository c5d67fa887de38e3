/**
 * The fake platforms' consent page: a small real web page with the platform's name, the scopes
 * asked, Approve and Deny buttons and, for Facebook, a choice of Pages. Submitting it posts the
 * authorization request back with the decision (oauth.ts), which redirects to the callback.
 */
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface AuthorizePageInput {
  platform: string;
  scopes: string[];
  /** The authorization request's parameters, carried through the form. */
  params: URLSearchParams;
  pages: Array<{ id: string; name: string }>;
}

export function authorizePage({ platform, scopes, params, pages }: AuthorizePageInput): string {
  const hidden = [...params.entries()]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n      ");
  const scopeList = scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join("");
  const pageChoice = pages.length
    ? `<fieldset id="pages"><legend>Pages PixaSocial may manage</legend>${pages
        .map((p) => `<label><input type="checkbox" name="pages" value="${escapeHtml(p.id)}" checked> ${escapeHtml(p.name)}</label><br>`)
        .join("")}</fieldset>`
    : "";
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>${escapeHtml(platform)} (fake) - authorize PixaSocial</title></head>
  <body>
    <h1 id="platform">${escapeHtml(platform)}</h1>
    <p>PixaSocial (local) asks for access to your ${escapeHtml(platform)} account. This is the offline fake platform.</p>
    <ul id="scopes">${scopeList}</ul>
    <form method="post">
      ${hidden}
      ${pageChoice}
      <button type="submit" name="decision" value="approve" id="approve">Approve</button>
      <button type="submit" name="decision" value="deny" id="deny">Deny</button>
    </form>
  </body>
</html>
`;
}
