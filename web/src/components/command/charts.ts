// The command center's charts as ECharts options (dark theme, transparent background), built
// from GET /api/v1/dashboard with the caller's words.
import type { EChartsOption } from 'echarts'
import { lightColor } from '../../lib/map'
import { loadColor, type Dashboard } from './dashboard'

type T = (key: string) => string

const AXIS = {
  axisLine: { lineStyle: { color: '#3a5f8f' } },
  axisLabel: { color: '#9fb8d8' },
  splitLine: { lineStyle: { color: 'rgba(80, 120, 170, 0.2)' } },
}

// Every category named, however short the box.
const ALL_LABELS = { color: '#cfe0f5', interval: 0, fontSize: 11 }

export function trendChart(d: Dashboard | null, t: T): EChartsOption {
  const days = d?.trend ?? []
  const line = (name: string, color: string, key: 'reported' | 'closed' | 'overdue') => ({
    name,
    type: 'line' as const,
    smooth: 0.3,
    showSymbol: false,
    data: days.map((x) => x[key]),
    itemStyle: { color },
    lineStyle: { color, width: 2 },
    areaStyle: { color, opacity: 0.08 },
  })
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: '#cfe0f5' } },
    grid: { left: 8, right: 14, top: 30, bottom: 4, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: days.map((x) => x.day.slice(5)), ...AXIS },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [
      line(t('command.reported'), '#4fc3f7', 'reported'),
      line(t('command.closed'), lightColor.green, 'closed'),
      line(t('command.overdue'), lightColor.red, 'overdue'),
    ],
  }
}

export function categoryChart(d: Dashboard | null, t: T): EChartsOption {
  const rows = d?.by_category ?? []
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 36, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...AXIS, axisLabel: { show: false } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), ...AXIS, axisLabel: ALL_LABELS },
    series: [
      {
        name: t('command.open'),
        type: 'bar',
        data: rows.map((r) => r.count),
        barMaxWidth: 14,
        itemStyle: { color: '#3fa7e0', borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', color: '#cfe0f5' },
      },
    ],
  }
}

export function lightChart(d: Dashboard | null, t: T): EChartsOption {
  const rows = d?.by_light ?? []
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, textStyle: { color: '#cfe0f5' } },
    series: [
      {
        name: t('command.byLight'),
        type: 'pie',
        radius: ['42%', '68%'],
        center: ['50%', '45%'],
        label: { color: '#cfe0f5', formatter: '{c}' },
        data: rows.map((r) => ({ name: t(`light.${r.code}`), value: r.count, itemStyle: { color: lightColor[r.code] } })),
      },
    ],
  }
}

export function streetChart(d: Dashboard | null, t: T): EChartsOption {
  const rows = [...(d?.by_street ?? [])].sort((a, b) => b.open - a.open)
  const max = Math.max(0, ...rows.map((r) => r.open))
  return {
    backgroundColor: 'transparent',
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const r = rows[(p as { dataIndex: number }).dataIndex]
        return r
          ? `${r.name}<br>${t('command.open')}: ${r.open}　${t('light.red')}: ${r.red}　${t('light.yellow')}: ${r.yellow}` +
              `<br>${t('command.reportedToday')}: ${r.reported_today}`
          : ''
      },
    },
    grid: { left: 8, right: 30, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...AXIS, axisLabel: { show: false } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name), ...AXIS, axisLabel: ALL_LABELS },
    series: [
      {
        name: t('command.open'),
        type: 'bar',
        barMaxWidth: 14,
        data: rows.map((r) => ({ value: r.open, itemStyle: { color: loadColor(r.open, max), borderRadius: [0, 3, 3, 0] } })),
        label: { show: true, position: 'right', color: '#cfe0f5' },
      },
    ],
  }
}
