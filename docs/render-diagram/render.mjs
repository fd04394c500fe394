// Renders a BPMN file to a PNG with bpmn-js in headless Chromium (Debian's /usr/bin/chromium).
// Usage: npm install && node render.mjs <file.bpmn> <out.png> [width]
import { chromium } from 'playwright-core';
import fs from 'fs';

const [input, output, width = '4000'] = process.argv.slice(2);
const xml = fs.readFileSync(input, 'utf8');
const viewer = fs.readFileSync('node_modules/bpmn-js/dist/bpmn-viewer.production.min.js', 'utf8');
const css = ['diagram-js.css', 'bpmn-js.css']
  .map(file => fs.readFileSync(`node_modules/bpmn-js/dist/assets/${file}`, 'utf8')).join('\n');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 800 } });
  await page.setContent(`<html><head><style>${css} html,body,#canvas{margin:0;height:100%;background:#fff}</style></head>`
    + '<body><div id="canvas"></div></body></html>');
  await page.addScriptTag({ content: viewer });
  const ratio = await page.evaluate(async (diagram) => {
    const bpmn = new BpmnJS({ container: '#canvas' });
    const { warnings } = await bpmn.importXML(diagram);
    if (warnings.length) throw new Error(warnings.map(w => w.message).join('\n'));
    const box = bpmn.get('canvas').viewbox().inner;
    return box.height / box.width;
  }, xml);
  await page.setViewportSize({ width: Number(width), height: Math.ceil(Number(width) * ratio) + 60 });
  await page.evaluate(() => window.dispatchEvent(new Event('resize')));
  await page.evaluate(async (diagram) => {
    document.querySelector('#canvas').innerHTML = '';
    const bpmn = new BpmnJS({ container: '#canvas' });
    await bpmn.importXML(diagram);
    bpmn.get('canvas').zoom('fit-viewport');
  }, xml);
  await page.screenshot({ path: output });
  console.log(`rendered ${output}`);
} finally {
  await browser.close();
}
