/**
 * The WebGL point cloud: three.js Points with per-vertex colours, orbit/zoom/pan, and hover picking by raycast. Drawn
 * on demand (a still cloud costs no frames), with fewer points and, if that is not enough, a coarser drawing buffer
 * while it moves on a machine too slow for every point at 30 fps (lod.ts).
 * Imported only by the lazily loaded Parameters page, so three.js stays out of the main bundle.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { CloudRenderer, CloudRendererOptions } from './cloud-renderer.js';
import { DETAIL_LEVELS, FrameBudget, pointsAt, sampleOrder, type DetailLevel } from './lod.js';

export function createThreeRenderer(canvas: HTMLCanvasElement, extent: number, dark: boolean, options: CloudRendererOptions): CloudRenderer {
  // no multisampling: the discs' edges come from the texture's alpha test, which it does not smooth, while 4× samples
  // quadruple the fill where the GPU is emulated (SwiftShader). No preserved drawing buffer (a copy every frame): the
  // PNG export draws a frame and reads it in the same task instead.
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: false });
  const dpr = window.devicePixelRatio || 1;
  renderer.setPixelRatio(dpr);
  // the colours are already display (sRGB) values: no conversion on output, so they match the legend
  renderer.outputColorSpace = THREE.LinearSRGBColorSpace;
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(dark ? 0x12151c : 0xffffff);
  const camera = new THREE.PerspectiveCamera(50, 1, extent / 100, extent * 100);
  camera.position.set(extent * 1.1, extent * 0.75, extent * 1.5);
  const controls = new OrbitControls(camera, canvas);
  controls.enableDamping = true;
  const axes = new THREE.AxesHelper(extent * 0.6);
  (axes.material as THREE.Material).transparent = true;
  (axes.material as THREE.Material).opacity = 0.35;
  scene.add(axes);
  const geometry = new THREE.BufferGeometry();
  const material = new THREE.PointsMaterial({ size: 6, sizeAttenuation: false, vertexColors: true, map: discTexture(), alphaTest: 0.5, transparent: true });
  const points = new THREE.Points(geometry, material);
  scene.add(points);
  const raycaster = new THREE.Raycaster();
  raycaster.params.Points = { threshold: extent / 60 };
  // rows go into the buffers in a seeded shuffled order, so a prefix (the draw range) is a stable random subset
  let order: Uint32Array = new Uint32Array(0);
  let position: THREE.BufferAttribute | null = null;
  let colour: THREE.BufferAttribute | null = null;
  let lastColours: Float32Array | null = null;
  let rows = 0;
  let width = 1;
  let height = 1;
  let frame = 0;
  let playing = false;
  let interacting = false;
  let drawing = false;
  const requestRender = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  const applyLevel = (level: DetailLevel) => {
    const drawn = pointsAt(level, rows);
    geometry.setDrawRange(0, drawn);
    const ratio = dpr * level.scale;
    if (renderer.getPixelRatio() !== ratio) renderer.setPixelRatio(ratio);
    options.onDetail(level, drawn);
    if (!drawing) requestRender();
  };
  const budget = new FrameBudget(applyLevel, DETAIL_LEVELS, options.forcedDetail ?? null);
  // drawn on demand: when the data, the size or the camera changes (a still cloud costs nothing), every frame while
  // playing, orbiting or gliding to a stop (damping)
  function draw(now: number) {
    frame = 0;
    const moved = controls.update();
    const moving = playing || interacting || moved;
    drawing = true;
    if (moving) {
      budget.start();
      budget.frame(now);
    } else {
      budget.stop();
    }
    drawing = false;
    // a level's new pixel ratio resized (and cleared) the drawing buffer: drawn in this same frame, so nothing flashes
    renderer.render(scene, camera);
    if (moving) requestRender();
  }
  controls.addEventListener('change', requestRender);
  controls.addEventListener('start', () => {
    interacting = true;
    requestRender();
  });
  controls.addEventListener('end', () => {
    interacting = false;
    requestRender();
  });
  return {
    mode: 'webgl',
    update(positions, colours, pointSize) {
      const n = positions.length / 3;
      if (n !== rows || !position || !colour) {
        rows = n;
        order = sampleOrder(n);
        position = new THREE.BufferAttribute(new Float32Array(n * 3), 3);
        colour = new THREE.BufferAttribute(new Float32Array(n * 3), 3);
        geometry.setAttribute('position', position);
        geometry.setAttribute('color', colour);
        geometry.setDrawRange(0, pointsAt(budget.level, n));
        lastColours = null;
      }
      const pos = position.array as Float32Array;
      for (let j = 0; j < n; j++) {
        const i = order[j]! * 3;
        pos[j * 3] = positions[i]!;
        pos[j * 3 + 1] = positions[i + 1]!;
        pos[j * 3 + 2] = positions[i + 2]!;
      }
      position.needsUpdate = true;
      if (colours !== lastColours) {
        const col = colour.array as Float32Array;
        for (let j = 0; j < n; j++) {
          const i = order[j]! * 3;
          col[j * 3] = colours[i]!;
          col[j * 3 + 1] = colours[i + 1]!;
          col[j * 3 + 2] = colours[i + 2]!;
        }
        colour.needsUpdate = true;
        lastColours = colours;
      }
      geometry.computeBoundingSphere();
      material.size = pointSize * 2;
      requestRender();
    },
    setPlaying(on) {
      playing = on;
      requestRender();
    },
    toPng() {
      // read in the same task as the draw, before the compositor takes (and clears) the drawing buffer
      renderer.render(scene, camera);
      return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    },
    pick(x, y) {
      raycaster.setFromCamera(new THREE.Vector2((x / width) * 2 - 1, -(y / height) * 2 + 1), camera);
      const hit = raycaster.intersectObject(points)[0];
      return hit ? (order[hit.index ?? -1] ?? -1) : -1;
    },
    resize(w, h) {
      width = w;
      height = h;
      renderer.setSize(w, h, false);
      camera.aspect = w / Math.max(1, h);
      camera.updateProjectionMatrix();
      requestRender();
    },
    dispose() {
      cancelAnimationFrame(frame);
      frame = 0;
      controls.dispose();
      geometry.dispose();
      material.map?.dispose();
      material.dispose();
      renderer.dispose();
    },
  };
}

/** A white disc, so points are round rather than square sprites. */
function discTexture(): THREE.Texture {
  const c = document.createElement('canvas');
  c.width = c.height = 64;
  const g = c.getContext('2d');
  if (g) {
    g.fillStyle = '#fff';
    g.beginPath();
    g.arc(32, 32, 30, 0, Math.PI * 2);
    g.fill();
  }
  return new THREE.CanvasTexture(c);
}
