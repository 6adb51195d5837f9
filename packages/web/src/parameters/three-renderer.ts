/**
 * The WebGL point cloud: three.js Points with per-vertex colours, orbit/zoom/pan, and hover picking by raycast.
 * Imported only by the lazily loaded Parameters page, so three.js stays out of the main bundle.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { CloudRenderer } from './cloud-renderer.js';

export function createThreeRenderer(canvas: HTMLCanvasElement, extent: number, dark: boolean): CloudRenderer {
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(window.devicePixelRatio || 1);
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
  let frame = 0;
  let width = 1;
  let height = 1;
  const loop = () => {
    controls.update();
    renderer.render(scene, camera);
    frame = requestAnimationFrame(loop);
  };
  frame = requestAnimationFrame(loop);
  return {
    mode: 'webgl',
    update(positions, colours, pointSize) {
      const pos = geometry.getAttribute('position');
      if (pos && pos.count * 3 === positions.length) {
        (pos.array as Float32Array).set(positions);
        pos.needsUpdate = true;
        const col = geometry.getAttribute('color');
        (col.array as Float32Array).set(colours);
        col.needsUpdate = true;
      } else {
        geometry.setAttribute('position', new THREE.BufferAttribute(Float32Array.from(positions), 3));
        geometry.setAttribute('color', new THREE.BufferAttribute(Float32Array.from(colours), 3));
      }
      geometry.computeBoundingSphere();
      material.size = pointSize * 2;
    },
    pick(x, y) {
      raycaster.setFromCamera(new THREE.Vector2((x / width) * 2 - 1, -(y / height) * 2 + 1), camera);
      const hit = raycaster.intersectObject(points)[0];
      return hit?.index ?? -1;
    },
    resize(w, h) {
      width = w;
      height = h;
      renderer.setSize(w, h, false);
      camera.aspect = w / Math.max(1, h);
      camera.updateProjectionMatrix();
    },
    dispose() {
      cancelAnimationFrame(frame);
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
