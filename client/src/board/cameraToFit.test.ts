import { describe, expect, it } from 'vitest'
import { cameraToFit } from './cameraToFit'

const toScreen = (camera: { x: number; y: number; z: number }, p: { x: number; y: number }) => ({ x: (p.x + camera.x) * camera.z, y: (p.y + camera.y) * camera.z })
const none = { top: 0, right: 0, bottom: 0, left: 0 }

describe('cameraToFit', () => {
  it('shows a large frame whole and centred in the space the insets leave', () => {
    const insets = { top: 60, right: 20, bottom: 80, left: 300 }
    const frame = { x: 500, y: -200, w: 3000, h: 1600 }
    const camera = cameraToFit({ w: 1280, h: 800 }, frame, insets)
    const topLeft = toScreen(camera, frame)
    const bottomRight = toScreen(camera, { x: frame.x + frame.w, y: frame.y + frame.h })
    expect(camera.z).toBeCloseTo(Math.min(960 / 3000, 660 / 1600))
    expect(topLeft.x).toBeGreaterThanOrEqual(300 - 1e-6)
    expect(topLeft.y).toBeGreaterThanOrEqual(60 - 1e-6)
    expect(bottomRight.x).toBeLessThanOrEqual(1260 + 1e-6)
    expect(bottomRight.y).toBeLessThanOrEqual(720 + 1e-6)
    expect((topLeft.x + bottomRight.x) / 2).toBeCloseTo(300 + 960 / 2)
  })

  it('never zooms in past 100 %', () => {
    const camera = cameraToFit({ w: 1280, h: 800 }, { x: 0, y: 0, w: 200, h: 200 }, none)
    expect(camera.z).toBe(1)
    expect(toScreen(camera, { x: 100, y: 100 })).toEqual({ x: 640, y: 400 })
  })

  it('stays inside tldraw’s zoom range for a huge board', () => {
    expect(cameraToFit({ w: 1000, h: 800 }, { x: 0, y: 0, w: 1_000_000, h: 10 }, none).z).toBe(0.1)
  })

  it('uses the whole canvas when the insets would leave too little of it', () => {
    const camera = cameraToFit({ w: 320, h: 200 }, { x: 0, y: 0, w: 640, h: 400 }, { top: 60, right: 20, bottom: 80, left: 300 })
    expect(camera.z).toBe(0.5)
  })
})
