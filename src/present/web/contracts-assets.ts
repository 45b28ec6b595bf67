/**
 * The /contracts page's script, served as an external file (`/assets/contracts.js`) so the page
 * runs under a strict Content-Security-Policy (no inline script). It only resubmits the offer
 * form when the offer changes (or a preset is picked) and carries the offer into the workbook
 * download; the page works without it (the Recalculate button).
 */
export const CONTRACTS_SCRIPT_PATH = "/assets/contracts.js";

export const CONTRACTS_SCRIPT = `const form = document.getElementById("offer-form");
const offer = document.getElementById("offer");
if (form !== null && offer !== null) {
  offer.addEventListener("change", () => form.requestSubmit());
  for (const button of document.querySelectorAll("button.preset-offer")) {
    button.addEventListener("click", () => {
      offer.value = button.dataset.offer ?? "";
      form.requestSubmit();
    });
  }
  const workbook = document.getElementById("workbook-form");
  workbook?.addEventListener("submit", () => {
    const field = workbook.querySelector('input[name="offer"]');
    if (field !== null) field.value = offer.value;
  });
}
`;
