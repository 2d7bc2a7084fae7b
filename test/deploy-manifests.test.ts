// deploy/: the Kubernetes manifests parse as YAML and hang together (labels, ports, names, the
// claim), their probe paths answer on a real inference server, the container's flags are ones
// `shipyard serve` takes, and the Dockerfile runs the package's own bin.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import { parseAllDocuments } from 'yaml'
import type { CliIo } from '../src/cli/cli-io.js'
import { registerServeCommand } from '../src/cli/commands/serve-command.js'
import { addGlobalOptions } from '../src/cli/global-options.js'
import { parseModelRoute } from '../src/registry/index.js'
import type { InferenceServer } from '../src/serving/index.js'
import {
  openServingFixture,
  registerRegressor,
  type ServingFixture,
  testInferenceServer,
} from '../src/serving/testing/serving-fixtures.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const k8s = join(root, 'deploy/k8s')

// The fields of the manifests that the checks read.
interface Probe {
  httpGet: { path: string; port: string | number }
}
interface Container {
  name: string
  image: string
  args: string[]
  ports: { name: string; containerPort: number }[]
  env: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]
  readinessProbe: Probe
  livenessProbe: Probe
  resources: { requests: Record<string, string>; limits: Record<string, string> }
  volumeMounts: { name: string; mountPath: string }[]
}
interface Manifest {
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string> }
  spec: Record<string, unknown>
}
interface Deployment extends Manifest {
  spec: {
    selector: { matchLabels: Record<string, string> }
    template: {
      metadata: { labels: Record<string, string> }
      spec: {
        containers: Container[]
        volumes: { name: string; persistentVolumeClaim: { claimName: string } }[]
      }
    }
  }
}

/** Every document of every manifest file, each parsed strictly (a YAML error fails the test). */
function readManifests(): Manifest[] {
  const files = readdirSync(k8s).filter((file) => /\.ya?ml$/.test(file))
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(k8s, file), 'utf8')).map((document) => {
      assert.deepEqual(document.errors, [], `${file} is not valid YAML`)
      const manifest = document.toJS() as Manifest
      assert.ok(manifest.apiVersion && manifest.kind && manifest.metadata?.name, `${file}: a whole object`)
      return manifest
    }),
  )
}

function only<T extends Manifest>(manifests: readonly Manifest[], kind: string): T {
  const found = manifests.filter((m) => m.kind === kind)
  assert.equal(found.length, 1, `one ${kind}`)
  return found[0] as T
}

describe('deploy/k8s', () => {
  const manifests = readManifests()
  const deployment = only<Deployment>(manifests, 'Deployment')
  const container = deployment.spec.template.spec.containers[0]!

  it('holds a Deployment, a Service, a HorizontalPodAutoscaler and the claim, and no Secret', () => {
    assert.deepEqual(manifests.map((m) => m.kind).sort(), [
      'Deployment',
      'HorizontalPodAutoscaler',
      'PersistentVolumeClaim',
      'Service',
    ])
  })

  it('ties the Service, the autoscaler and the claim to the Deployment', () => {
    const podLabels = deployment.spec.template.metadata.labels
    for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) {
      assert.equal(podLabels[key], value, `the pods carry the selector's ${key}`)
    }
    const service = only<
      Manifest & { spec: { selector: Record<string, string>; ports: { targetPort: string }[] } }
    >(manifests, 'Service')
    for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(podLabels[key], value)
    const portNames = container.ports.map((p) => p.name)
    for (const port of service.spec.ports) assert.ok(portNames.includes(port.targetPort), port.targetPort)

    const hpa = only<Manifest & { spec: { scaleTargetRef: { kind: string; name: string } } }>(
      manifests,
      'HorizontalPodAutoscaler',
    )
    assert.deepEqual(hpa.spec.scaleTargetRef, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    })

    const claim = only(manifests, 'PersistentVolumeClaim')
    const volumes = deployment.spec.template.spec.volumes
    assert.deepEqual(
      volumes.map((v) => v.persistentVolumeClaim.claimName),
      [claim.metadata.name],
    )
    assert.deepEqual(
      container.volumeMounts.map((m) => m.name),
      volumes.map((v) => v.name),
    )
  })

  it('reads the database URL from a Secret, probes a named port, and sets requests and limits', () => {
    const database = container.env.find((e) => e.name === 'SHIPYARD_DATABASE_URL')
    assert.ok(database?.valueFrom?.secretKeyRef, 'SHIPYARD_DATABASE_URL comes from a Secret')
    assert.ok(container.env.some((e) => e.name === 'SHIPYARD_REDIS_URL'))
    const portNames = container.ports.map((p) => p.name)
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      assert.ok(portNames.includes(String(probe.httpGet.port)), `probe port ${probe.httpGet.port}`)
    }
    for (const part of ['requests', 'limits'] as const) {
      assert.ok(container.resources[part].cpu && container.resources[part].memory, part)
    }
  })

  it("passes `shipyard serve` only flags it takes, listening on the container's port", () => {
    const [command, ...args] = container.args
    assert.equal(command, 'serve')
    const io: CliIo = {
      stdout: { write: () => {}, isTTY: false },
      stderr: { write: () => {}, isTTY: false },
      env: {},
    }
    const program = addGlobalOptions(new Command('shipyard'))
    registerServeCommand(program, io)
    const serve = program.commands.find((c) => c.name() === 'serve')!
    const known = new Set([...serve.options, ...program.options].map((o) => o.long))
    for (const flag of args.filter((a) => a.startsWith('--'))) assert.ok(known.has(flag), `serve ${flag}`)
    assert.equal(args[args.indexOf('--port') + 1], String(container.ports[0]!.containerPort))
    assert.equal(args[args.indexOf('--host') + 1], '0.0.0.0')
  })

  describe('probe paths, on an inference server serving a model', () => {
    let fixture: ServingFixture
    let server: InferenceServer
    before(async () => {
      fixture = await openServingFixture()
      await registerRegressor(fixture.registry, 'spend', 1)
      await fixture.registry.setAlias('spend', 'production', 1)
      server = await testInferenceServer(fixture, { routes: [parseModelRoute('spend')] })
      await server.start()
    })
    after(async () => {
      await server.app.close()
      await fixture.close()
    })

    it('answer 200', async () => {
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        const response = await server.app.inject({ method: 'GET', url: probe.httpGet.path })
        assert.equal(response.statusCode, 200, `GET ${probe.httpGet.path}: ${response.body}`)
      }
    })
  })
})

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'deploy/Dockerfile'), 'utf8')
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { shipyard: string } }

  it("builds with npm ci and runs the package's shipyard bin with serve on every interface", () => {
    assert.match(dockerfile, /^RUN npm ci\b/m)
    const entrypoint = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(dockerfile)![1]!) as string[]
    assert.deepEqual(entrypoint, ['node', join('/app', pkg.bin.shipyard)])
    assert.deepEqual(JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]!), ['serve', '--host', '0.0.0.0'])
  })

  it('copies every file the build reads past its ignore file', () => {
    const allowed = readFileSync(join(root, 'deploy/Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/\*\*$/, ''))
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '))
    for (const source of copied) assert.ok(allowed.includes(source), `${source} is sent to the build`)
  })
})
