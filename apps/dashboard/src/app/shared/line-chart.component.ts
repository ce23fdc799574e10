import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  effect,
  type ElementRef,
  input,
  type OnDestroy,
  viewChild,
} from '@angular/core';
import uPlot from 'uplot';

/**
 * A small time chart on uPlot (canvas, ~50 KB, fast enough for live data). Data: x in unix seconds,
 * one y series. Colours come from the theme's CSS variables; the chart follows its container's width.
 */
const COMPACT = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
/** 1500000 → "1.5M": axis labels stay short. */
export function compact(value: number): string {
  return COMPACT.format(value);
}

@Component({
  selector: 'aura-line-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<figure [attr.aria-label]="label()">
    <figcaption>{{ label() }}</figcaption>
    <div #host class="plot" role="img" [attr.aria-label]="summary()"></div>
  </figure>`,
  styles: [
    `
      :host {
        display: block;
        min-width: 0;
      }
      figure {
        margin: 0;
      }
      figcaption {
        font-size: 0.8rem;
        font-weight: 600;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted);
        margin-bottom: 0.25rem;
      }
      .plot {
        width: 100%;
        min-height: 160px;
      }
    `,
  ],
})
export class LineChartComponent implements OnDestroy {
  readonly label = input.required<string>();
  readonly x = input.required<number[]>();
  readonly y = input.required<number[]>();
  readonly kind = input<'line' | 'bars'>('line');
  readonly theme = input<string>('light');
  private readonly host = viewChild.required<ElementRef<HTMLDivElement>>('host');
  private plot: uPlot | null = null;
  private resize: ResizeObserver | null = null;

  constructor() {
    afterNextRender(() => this.create());
    effect(() => {
      const data: uPlot.AlignedData = [this.x(), this.y()];
      this.plot?.setData(data);
    });
    effect(() => {
      this.theme();
      // Colours are read at creation: rebuild on a theme change.
      if (this.plot) this.create();
    });
  }

  protected summary(): string {
    const y = this.y();
    if (!y.length) return `${this.label()}: no data yet`;
    return `${this.label()}: latest ${y[y.length - 1]}, highest ${Math.max(...y)} over ${y.length} points`;
  }

  private create(): void {
    const el = this.host().nativeElement;
    this.plot?.destroy();
    const css = getComputedStyle(el);
    const stroke = css.getPropertyValue('--accent').trim() || '#2563eb';
    const axis = css.getPropertyValue('--muted').trim() || '#475569';
    const grid = css.getPropertyValue('--border').trim() || '#cbd5e1';
    const axes: uPlot.Axis[] = [
      { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
      {
        stroke: axis,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid },
        size: 56,
        values: (_u, ticks) => ticks.map(compact),
      },
    ];
    this.plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: 160,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        axes,
        series: [
          {},
          {
            label: this.label(),
            stroke,
            width: 2,
            fill: `${stroke}33`,
            ...(this.kind() === 'bars'
              ? { paths: uPlot.paths.bars?.({ size: [0.8, 40] }), points: { show: false } }
              : { points: { show: false } }),
          },
        ],
      },
      [this.x(), this.y()],
      el,
    );
    this.resize?.disconnect();
    this.resize = new ResizeObserver(() => this.plot?.setSize({ width: Math.max(200, el.clientWidth), height: 160 }));
    this.resize.observe(el);
  }

  ngOnDestroy(): void {
    this.resize?.disconnect();
    this.plot?.destroy();
  }
}
