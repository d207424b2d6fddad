import base from '/work/main/vite.config.ts';
const cfg = { ...base } as Record<string, any>;
cfg.plugins = (base.plugins as any[]).flat().filter((p: any) => p && p.name !== 'anxin-bundle-size' && !String(p.name).includes('pwa'));
cfg.build = { ...base.build, outDir: '/tmp/probe-dist', emptyOutDir: true };
export default cfg;
