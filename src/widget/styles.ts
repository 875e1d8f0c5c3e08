// The widget's look: every colour, the font and the radius come from CSS custom properties a host page may set.
import { css } from 'lit'

export const styles = css`
  :host {
    --_primary: var(--pimh-color-primary, #0b5cab);
    --_on-primary: var(--pimh-color-on-primary, #ffffff);
    --_text: var(--pimh-color-text, #1b1f24);
    --_muted: var(--pimh-color-muted, #4a5260);
    --_bg: var(--pimh-color-background, #ffffff);
    --_surface: var(--pimh-color-surface, #f3f5f8);
    --_border: var(--pimh-color-border, #6b7483);
    --_focus: var(--pimh-color-focus, #b3470b);
    --_help-bg: var(--pimh-color-help-background, #fff1e0);
    --_help-text: var(--pimh-color-help-text, #4d2200);
    --_error-bg: var(--pimh-color-error-background, #fdecec);
    --_error-text: var(--pimh-color-error-text, #8a1010);
    --_radius: var(--pimh-radius, 6px);
    display: block;
    font-family: var(--pimh-font, inherit);
    font-size: var(--pimh-font-size, 1rem);
    line-height: 1.5;
    color: var(--_text);
    background: var(--_bg);
    container-type: inline-size;
  }
  * { box-sizing: border-box; }
  [hidden] { display: none !important; }
  a { color: var(--_primary); text-underline-offset: 0.15em; }
  a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible, [tabindex]:focus-visible, li[role=option]:focus-visible {
    outline: 3px solid var(--_focus); outline-offset: 2px;
  }
  h2, h3, h4 { line-height: 1.25; margin: 0 0 0.25em; }
  h4 { font-size: 1em; margin-top: 0.5em; }
  h2 { font-size: 1.35em; }
  h3 { font-size: 1.1em; }
  .sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  button { font: inherit; cursor: pointer; border-radius: var(--_radius); min-height: 44px; }
  .primary { background: var(--_primary); color: var(--_on-primary); border: 2px solid var(--_primary); padding: 0.4em 1em; }
  .quiet { background: var(--_bg); color: var(--_primary); border: 2px solid var(--_primary); padding: 0.35em 0.9em; }
  .link { background: none; border: none; color: var(--_primary); text-decoration: underline; padding: 0.2em; min-height: 24px; }

  .help { background: var(--_help-bg); color: var(--_help-text); border-radius: var(--_radius); padding: 0.5em 0.75em; margin-bottom: 1em; z-index: 1; }
  /* Always in sight while the widget is, unless the screen is too low to spare the room. */
  @media (min-height: 30em) { .help { position: sticky; top: 0; } }
  .help p { margin: 0; }
  .help ul { display: flex; flex-wrap: wrap; gap: 0.1em 1.2em; list-style: none; margin: 0; padding: 0; }
  .help .short { display: none; }
  @container (max-width: 36em) {
    .help { padding: 0.3em 0.6em; }
    .help p, .help ul { display: inline; }
    .help li { display: inline; margin-right: 0.8em; }
    .help .long { display: none; }
    .help .short { display: inline; white-space: nowrap; }
  }
  .help a { color: var(--_help-text); font-weight: 700; white-space: nowrap; }

  form { margin: 0 0 0.5em; }
  label.search { display: block; font-weight: 700; margin-bottom: 0.25em; }
  .box { display: flex; flex-wrap: wrap; gap: 0.5em; }
  .combo { position: relative; flex: 1 1 14em; }
  input { font: inherit; width: 100%; min-height: 44px; padding: 0.4em 0.6em; color: var(--_text); background: var(--_bg);
    border: 2px solid var(--_border); border-radius: var(--_radius); }
  .hint { color: var(--_muted); margin: 0.25em 0 0; font-size: 0.9em; }
  [role=listbox] { position: absolute; z-index: 2; left: 0; right: 0; top: 100%; margin: 2px 0 0; padding: 0; list-style: none;
    background: var(--_bg); border: 2px solid var(--_border); border-radius: var(--_radius); max-height: 20em; overflow-y: auto; }
  [role=option] { padding: 0.45em 0.6em; cursor: pointer; }
  [role=option] .detail { color: var(--_muted); font-size: 0.9em; }
  [role=option][aria-selected=true] { background: var(--_primary); color: var(--_on-primary); }
  [role=option][aria-selected=true] .detail { color: inherit; }

  .chips { display: flex; flex-wrap: wrap; gap: 0.4em; list-style: none; margin: 0.25em 0; padding: 0; align-items: center; }
  .chips-label { font-size: 0.9em; color: var(--_muted); margin: 0.5em 0 0; }
  .chip { display: inline-flex; align-items: center; gap: 0.3em; background: var(--_surface); color: var(--_text); border: 1px solid var(--_border);
    border-radius: 999px; padding: 0.15em 0.75em; min-height: 36px; }
  .chip .x { font-weight: 700; color: var(--_primary); }
  .note { margin: 0.5em 0; color: var(--_muted); }

  details.filters { margin: 0.5em 0; }
  details.filters summary { cursor: pointer; font-weight: 700; color: var(--_primary); min-height: 44px; display: flex; align-items: center; width: fit-content; }
  fieldset { border: none; margin: 0.4em 0; padding: 0; min-width: 0; }
  legend { font-weight: 700; padding: 0; margin-bottom: 0.2em; }
  .toggle { background: var(--_bg); color: var(--_text); border: 1px solid var(--_border); border-radius: 999px; padding: 0.2em 0.8em; min-height: 36px; }
  .toggle[aria-pressed=true] { background: var(--_primary); color: var(--_on-primary); border-color: var(--_primary); }
  .toggle[aria-pressed=true]::before { content: "✓ "; }

  .status { font-weight: 700; margin: 0.75em 0 0.25em; min-height: 1.5em; }
  .alert { background: var(--_error-bg); color: var(--_error-text); border-radius: var(--_radius); padding: 0.6em 0.8em; margin: 0.5em 0; }
  .alert p { margin: 0 0 0.4em; }
  .alert p:last-child { margin: 0; }

  ol.results { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75em; }
  @container (min-width: 56em) { ol.results { grid-template-columns: 1fr 1fr; } }
  article { background: var(--_surface); border-radius: var(--_radius); padding: 0.75em 1em; height: 100%; display: flex; flex-direction: column; gap: 0.35em; }
  article p { margin: 0; }
  .org { color: var(--_muted); }
  .desc { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
  dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 0.75em; }
  dt { font-weight: 700; }
  dd { margin: 0; overflow-wrap: anywhere; }
  .contacts { display: flex; flex-wrap: wrap; gap: 0 1em; list-style: none; margin: 0; padding: 0; }
  .contacts a { display: inline-block; min-height: 24px; }
  article .quiet { align-self: flex-start; margin-top: auto; }
  .facts { display: flex; flex-wrap: wrap; gap: 0.3em; list-style: none; margin: 0; padding: 0; }
  .facts li { background: var(--_bg); border: 1px solid var(--_border); border-radius: 999px; padding: 0 0.6em; font-size: 0.9em; }
  .facts .open, .facts .closed { font-weight: 700; }
  .facts .open::before { content: "● "; color: var(--_primary); }
  .notice { background: var(--_help-bg); color: var(--_help-text); border-radius: var(--_radius); padding: 0.3em 0.6em; }
  .contact-name { display: block; }
  mark { background: #fff3a3; color: inherit; }
  .more { margin: 1em 0; }

  .detail section { margin: 1em 0; }
  .detail ul:not(.facts, .contacts) { margin: 0.2em 0; padding-left: 1.2em; }
  .detail .back { margin-bottom: 0.75em; }
  .verified { color: var(--_muted); }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: 0.1em 1em 0.1em 0; vertical-align: top; }
  th { font-weight: 400; }

  @media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; scroll-behavior: auto !important; } }
  @media (forced-colors: active) { .toggle[aria-pressed=true], [role=option][aria-selected=true] { outline: 2px solid CanvasText; } }
`
