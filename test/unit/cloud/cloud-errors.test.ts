import { describe, expect, it } from 'vitest'
import { makeError } from '../../../src/shared/errors'
import { classifyDataApi } from '../../../src/main/cloud/errors/data-api-errors'
import { classifyMysql } from '../../../src/main/cloud/errors/mysql-errors'
import { classifyPostgres } from '../../../src/main/cloud/errors/postgres-errors'

const pg = { where: 'PostgreSQL at db:5432', user: 'user mb', database: 'clinic' }
const my = { where: 'MySQL/MariaDB at db:3306', user: 'user mb', database: 'clinic' }
const api = {
  where: 'the RDS Data API (eu-west-1) for cluster c',
  database: 'clinic',
  secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:s'
}
const err = (fields: { message?: string } & Record<string, unknown>) =>
  Object.assign(new Error(fields.message ?? 'x'), fields)
const coded = (e: { code: string; message: string }) => ({ code: e.code, message: e.message })

describe('cloud errors', () => {
  it('turn PostgreSQL failures into coded errors without SQL', () => {
    expect(coded(classifyPostgres(err({ code: 'ECONNREFUSED' }), pg))).toEqual({
      code: 'UNAVAILABLE',
      message:
        'cannot reach PostgreSQL at db:5432: connection refused (is the server running, and is the port right?)'
    })
    const many = new AggregateError([err({ code: 'ECONNREFUSED' })], 'connect failed')
    expect(classifyPostgres(many, pg).message).toMatch(/connection refused/)
    expect(
      coded(
        classifyPostgres(err({ message: 'Connection terminated due to connection timeout' }), pg)
      )
    ).toEqual({
      code: 'UNAVAILABLE',
      message: 'cannot reach PostgreSQL at db:5432: no answer in time'
    })
    expect(
      coded(
        classifyPostgres(
          err({ code: '28P01', message: 'password authentication failed for user "mb"' }),
          pg
        )
      )
    ).toEqual({
      code: 'UNAUTHENTICATED',
      message:
        'PostgreSQL at db:5432 refused user mb: wrong password, or the user may not log in from here'
    })
    expect(classifyPostgres(err({ code: '3D000' }), pg).code).toBe('NOT_FOUND')
    expect(classifyPostgres(err({ code: '42501' }), pg).code).toBe('FORBIDDEN')
    expect(classifyPostgres(err({ code: '40001' }), pg).code).toBe('UNAVAILABLE')
    const syntax = classifyPostgres(
      err({ code: '42601', message: 'syntax error at or near "SELEC"' }),
      pg
    )
    expect(coded(syntax)).toEqual({
      code: 'UNAVAILABLE',
      message: 'PostgreSQL at db:5432 answered with an error (SQLSTATE 42601)'
    })
    expect((syntax as Error).cause).toBeInstanceOf(Error)
  })

  it('turn MySQL/MariaDB failures into coded errors', () => {
    expect(classifyMysql(err({ errno: 1045, code: 'ER_ACCESS_DENIED_ERROR' }), my).code).toBe(
      'UNAUTHENTICATED'
    )
    expect(classifyMysql(err({ errno: 1049 }), my).message).toBe(
      'MySQL/MariaDB at db:3306 has no database named clinic'
    )
    expect(classifyMysql(err({ errno: 1044 }), my).code).toBe('FORBIDDEN')
    expect(classifyMysql(err({ code: 'ETIMEDOUT', errorno: 'ETIMEDOUT' }), my).message).toBe(
      'cannot reach MySQL/MariaDB at db:3306: no answer in time'
    )
    expect(classifyMysql(err({ code: 'HANDSHAKE_NO_SSL_SUPPORT' }), my).message).toBe(
      'cannot connect to MySQL/MariaDB at db:3306: it does not offer TLS'
    )
    expect(classifyMysql(err({ errno: 1213 }), my).code).toBe('UNAVAILABLE')
  })

  it('turn Data API failures into coded errors, telling AWS from the database', () => {
    const named = (name: string, message = 'm') => Object.assign(new Error(message), { name })
    expect(classifyDataApi(named('UnrecognizedClientException'), api).code).toBe('UNAUTHENTICATED')
    expect(classifyDataApi(named('CredentialsProviderError'), api).message).toMatch(
      /^no AWS credentials/
    )
    expect(classifyDataApi(named('AccessDeniedException'), api).code).toBe('FORBIDDEN')
    expect(classifyDataApi(named('HttpEndpointNotEnabledException'), api).code).toBe(
      'NOT_CONFIGURED'
    )
    expect(classifyDataApi(named('DatabaseResumingException'), api).code).toBe('UNAVAILABLE')
    expect(
      classifyDataApi(
        named('BadRequestException', 'FATAL: password authentication failed for user "mb"'),
        api
      ).message
    ).toBe(
      "the RDS Data API (eu-west-1) for cluster c refused the secret's user: wrong password, or the user may not log in from here"
    )
    expect(
      classifyDataApi(
        named('DatabaseErrorException', 'ERROR: database "x" does not exist; SQLState: 3D000'),
        api
      ).code
    ).toBe('NOT_FOUND')
    expect(classifyDataApi(err({ code: 'ECONNREFUSED' }), api).code).toBe('UNAVAILABLE')
  })

  it('pass coded errors through unchanged', () => {
    const mine = makeError('already coded', 'CONFLICT')
    expect(classifyPostgres(mine, pg)).toBe(mine)
    expect(classifyMysql(mine, my)).toBe(mine)
    expect(classifyDataApi(mine, api)).toBe(mine)
  })
})
