// UI texts: Chinese by default, English with ?lang=en. Scene names come from the API (Chinese).
const TEXTS = {
  zh: {
    title: 'Scenery 入口分析',
    app: '小程序',
    apiDocs: 'API 文档',
    otherLang: 'English',
    viewScenes: '入口分布与趋势',
    viewSources: '推广获客',
    rangeToday: '今日',
    rangeYesterday: '昨日',
    range7d: '过去7天',
    range30d: '过去30天',
    rangeCustom: '自定义',
    apply: '查询',
    customHint: '最多 366 天',
    opens: '打开次数',
    visitors: '访问用户数',
    newVisitors: '新访问用户数',
    dimension: '推广维度',
    rank: '排名',
    sceneCode: '场景值',
    sceneName: '场景名称',
    sceneGroup: '分组',
    share: '占比',
    total: '全部访问',
    empty: '所选时间范围内没有数据',
    rowHint: '点击表格中的一行可显示或隐藏它的趋势线',
    footer: '数据来自 Scenery 服务本身；所有日期和小时均按小程序所在时区计算。',
    scenesTitle: '入口场景 Top 10（按{metric}）',
    sourcesTitle: '{dim} Top 10（按{metric}）',
    rangeLine: '{from} 至 {to}',
    rangeDay: '{day}',
    granularityHour: '按小时',
    hour: '小时',
    day: '日期',
    granularityDay: '按天',
    timeZone: '时区',
    freshAsOf: '数据截至',
    estimated: '访问用户数超过 {exact} 时为估算值，误差 ±{error}',
    estimatedMark: '估算值，误差 ±{error}',
    tokenLabel: '访问令牌',
    tokenSave: '保存并重试',
    tokenNeeded: '需要访问令牌：请输入该小程序的读取令牌。',
    tokenClear: '清除已保存的令牌',
    errorPrefix: '请求失败（{status}）：',
    networkError: '无法连接服务：{message}',
    loading: '加载中…',
    noApps: '配置中没有声明任何小程序。',
  },
  en: {
    title: 'Scenery acquisition scenes',
    app: 'Mini-program',
    apiDocs: 'API docs',
    otherLang: '中文',
    viewScenes: 'Entry scenes & trend',
    viewSources: 'Promotion (UTM)',
    rangeToday: 'Today',
    rangeYesterday: 'Yesterday',
    range7d: 'Last 7 days',
    range30d: 'Last 30 days',
    rangeCustom: 'Custom',
    apply: 'Apply',
    customHint: 'at most 366 days',
    opens: 'Opens',
    visitors: 'Visitors',
    newVisitors: 'New visitors',
    dimension: 'UTM dimension',
    rank: '#',
    sceneCode: 'Scene',
    sceneName: 'Name',
    sceneGroup: 'Group',
    share: 'Share',
    total: 'All visits',
    empty: 'No data in this range',
    rowHint: 'Click a row to show or hide its line',
    footer: 'Figures from this Scenery service; days and hours are those of the mini-program\'s time zone.',
    scenesTitle: 'Top 10 entry scenes by {metric}',
    sourcesTitle: 'Top 10 {dim} by {metric}',
    rangeLine: '{from} to {to}',
    rangeDay: '{day}',
    granularityHour: 'per hour',
    hour: 'Hour',
    day: 'Day',
    granularityDay: 'per day',
    timeZone: 'time zone',
    freshAsOf: 'data as of',
    estimated: 'Visitors above {exact} are estimates within ±{error}',
    estimatedMark: 'estimate, within ±{error}',
    tokenLabel: 'Read token',
    tokenSave: 'Save and retry',
    tokenNeeded: 'This app needs a read token: enter one of its read tokens.',
    tokenClear: 'Forget the stored token',
    errorPrefix: 'Request failed ({status}): ',
    networkError: 'Cannot reach the service: {message}',
    loading: 'Loading…',
    noApps: 'No app is declared in the configuration.',
  },
};

export const lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';
export const locale = lang === 'en' ? 'en-US' : 'zh-CN';

/** The text for a key, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = TEXTS[lang][key] ?? TEXTS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** Fills every element with data-i18n from the texts of the current language. */
export function applyTexts(root = document) {
  document.documentElement.lang = locale;
  document.title = 'Scenery · ' + t('title');
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
}
