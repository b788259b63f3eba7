import '@vaadin/vertical-layout/src/vaadin-vertical-layout.js';
import '@vaadin/notification/src/vaadin-notification.js';
import 'Frontend/generated/jar-resources/flow-component-renderer.js';
import 'Frontend/generated/jar-resources/flow-component-directive.js';
import '@vaadin/app-layout/src/vaadin-app-layout.js';
import '@vaadin/combo-box/src/vaadin-combo-box.js';
import 'Frontend/generated/jar-resources/comboBoxConnector.js';
import '@vaadin/tooltip/src/vaadin-tooltip.js';
import '@vaadin/multi-select-combo-box/src/vaadin-multi-select-combo-box.js';
import '@vaadin/horizontal-layout/src/vaadin-horizontal-layout.js';
import '@vaadin/app-layout/src/vaadin-drawer-toggle.js';
import '@vaadin/button/src/vaadin-button.js';
import 'Frontend/generated/jar-resources/disableOnClickFunctions.js';
import '@vaadin/side-nav/src/vaadin-side-nav.js';
import '@vaadin/side-nav/src/vaadin-side-nav-item.js';
import '@vaadin/grid/src/vaadin-grid.js';
import '@vaadin/grid/src/vaadin-grid-column.js';
import '@vaadin/grid/src/vaadin-grid-sorter.js';
import '@vaadin/checkbox/src/vaadin-checkbox.js';
import 'Frontend/generated/jar-resources/gridConnector.ts';
import 'Frontend/generated/jar-resources/vaadin-grid-flow-selection-column.js';
import '@vaadin/grid/src/vaadin-grid-column-group.js';
import 'Frontend/generated/jar-resources/lit-renderer.ts';
import '@vaadin/context-menu/src/vaadin-context-menu.js';
import 'Frontend/generated/jar-resources/contextMenuConnector.js';
import 'Frontend/generated/jar-resources/contextMenuTargetConnector.js';
import '@vaadin/text-field/src/vaadin-text-field.js';
import '@vaadin/number-field/src/vaadin-number-field.js';
import '@vaadin/form-layout/src/vaadin-form-layout.js';
import '@vaadin/form-layout/src/vaadin-form-item.js';
import '@vaadin/form-layout/src/vaadin-form-row.js';
import '@vaadin/select/src/vaadin-select.js';
import 'Frontend/generated/jar-resources/selectConnector.js';
import '@vaadin/dialog/src/vaadin-dialog.js';
import '@vaadin/common-frontend/ConnectionIndicator.js';
import 'Frontend/generated/jar-resources/ReactRouterOutletElement.tsx';

const loadOnDemand = (key) => {
  const pending = [];
  if (key === '917bb8ff454ae8c0ca67ad9a3cfd598fd71a80ed8f7bf3025fd99edc03568dc4') {
    pending.push(import('./chunks/chunk-e797c01d96dd4befcf31043437f788bf4203b558767619170c39de873a433046.js'));
  }
  if (key === '604d208418746da9074937babf73c81b148602188965f3b50962a1fdab68b656') {
    pending.push(import('./chunks/chunk-e797c01d96dd4befcf31043437f788bf4203b558767619170c39de873a433046.js'));
  }
  if (key === '7ce18d876a2644d26390e38ed82ae1f4706e2c9871b3c16ac276a5b90e0d3211') {
    pending.push(import('./chunks/chunk-ff367ff8fdd5eadcadead4594ee0bc058d9d1798c46ab8a28eb0c8da521a3b52.js'));
  }
  if (key === '5c1f405eeba665c0c76ad3c0d71fdd02d064c53145f9b6f934a99ddfb02ddba6') {
    pending.push(import('./chunks/chunk-e7c7239aed376d8160dee56830f9fc59355323720d37353ea19762de27e06f37.js'));
  }
  if (key === '46c68ac06a244e87e806e334f6605e9b869086a66e9879beba450d1153af5539') {
    pending.push(import('./chunks/chunk-c15674ba464e07634f66bf163b2b72f61a5d02f131b2062ee4db715628aa1e4d.js'));
  }
  return Promise.all(pending);
}

window.Vaadin = window.Vaadin || {};
window.Vaadin.Flow = window.Vaadin.Flow || {};
window.Vaadin.Flow.loadOnDemand = loadOnDemand;
window.Vaadin.Flow.resetFocus = () => {
 let ae=document.activeElement;
 while(ae&&ae.shadowRoot) ae = ae.shadowRoot.activeElement;
 return !ae || ae.blur() || ae.focus() || true;
}