// Builds the GrowingIO CDP fixture used by LzStringTest and GrowingIoParserTest.
// Needs lz-string 1.5.0 on NODE_PATH (see README.md); writes next to this script.
const fs = require('fs');
const path = require('path');
const LZString = require('lz-string');

const common = {
  appVersion: '1.4.2',
  dataSourceId: 'a1b2c3d4e5f6a7b8',
  deviceBrand: 'iPhone',
  deviceModel: 'iPhone 14<iPhone15,2>',
  deviceType: 'iOS',
  domain: 'wx0123456789abcdef',
  language: 'zh_CN',
  networkState: 'wifi',
  operatingSystem: 'iOS',
  platform: 'MinP',
  platformVersion: 'MinP 8.0.44',
  screenHeight: 844,
  screenWidth: 390,
  sdkVersion: '3.8.14'
};

const events = [
  {
    ...common,
    eventType: 'VISIT',
    appChannel: 'scn:1047',
    deviceId: 'd7a1c0de-0001-4bcd-9f00-000000000001',
    sessionId: 's-0001',
    userId: 'user-42',
    path: 'pages/index/index',
    query: 'utm_source=%E5%BE%AE%E4%BF%A1&utm_medium=cpc&gdt_vid=abc',
    title: '首页',
    timestamp: 1717000000000,
    globalSequenceId: 1,
    eventSequenceId: 1
  },
  {
    ...common,
    eventType: 'PAGE',
    appChannel: 'scn:1047',
    deviceId: 'd7a1c0de-0001-4bcd-9f00-000000000001',
    sessionId: 's-0001',
    userId: 'user-42',
    path: 'pages/index/index',
    query: 'utm_source=%E5%BE%AE%E4%BF%A1&utm_medium=cpc&gdt_vid=abc',
    title: '首页',
    referralPage: null,
    attributes: { tab: 'home', tags: ['a', 'b'], nested: { depth: 2 } },
    timestamp: 1717000000150,
    globalSequenceId: 2,
    eventSequenceId: 1
  },
  {
    ...common,
    eventType: 'VISIT',
    appChannel: 'scn:NA',
    deviceId: 'd7a1c0de-0002-4bcd-9f00-000000000002',
    sessionId: 's-0002',
    path: 'pages/detail/detail',
    title: '详情 🚀',
    timestamp: 1717000001000,
    globalSequenceId: 7,
    eventSequenceId: 3
  }
];

const json = JSON.stringify(events);
const compressed = LZString.compressToUTF16(json);
if (LZString.decompressFromUTF16(compressed) !== json) {
  throw new Error('lz-string round trip failed');
}
fs.writeFileSync(path.join(__dirname, 'cdp-batch.json'), json, 'utf8');
fs.writeFileSync(path.join(__dirname, 'cdp-batch.lz16.txt'), compressed, 'utf8');
console.log(`${events.length} events, ${json.length} chars -> ${compressed.length} chars`);
