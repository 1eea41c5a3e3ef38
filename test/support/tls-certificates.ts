import { execFileSync } from 'node:child_process'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A test CA and a server certificate it signed, for 127.0.0.1 and localhost. */
export interface TlsFiles {
  readonly caFile: string
  readonly certFile: string
  readonly keyFile: string
}

/** Makes a CA and a server certificate (P-256, two days) with openssl, in `dir`. */
export function makeTlsCertificates(dir: string): TlsFiles {
  const files = {
    caFile: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    csr: join(dir, 'server.csr'),
    certFile: join(dir, 'server.crt'),
    keyFile: join(dir, 'server.key'),
    ext: join(dir, 'server.ext')
  }
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' })
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    files.caKey,
    '-out',
    files.caFile,
    '-days',
    '2',
    '-subj',
    '/CN=MediBlock test CA'
  ])
  openssl(['req', ...ec, '-keyout', files.keyFile, '-out', files.csr, '-subj', '/CN=localhost'])
  writeFileSync(files.ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n')
  openssl([
    'x509',
    '-req',
    '-in',
    files.csr,
    '-CA',
    files.caFile,
    '-CAkey',
    files.caKey,
    '-CAcreateserial',
    '-out',
    files.certFile,
    '-days',
    '2',
    '-extfile',
    files.ext
  ])
  // Servers refuse a private key others can read.
  chmodSync(files.keyFile, 0o600)
  return { caFile: files.caFile, certFile: files.certFile, keyFile: files.keyFile }
}
