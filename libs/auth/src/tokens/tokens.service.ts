import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, notFound } from '@app/common';
import { TransactionRunner } from '@app/database';
import { Principal, Role } from '../roles';
import { generateToken, hashToken } from './token-hash';
import { TokenRow, TokensRepository } from './tokens.repository';

export interface IssuedToken {
  id: string;
  name: string;
  role: Role;
  token: string;
}

@Injectable()
export class TokensService {
  constructor(
    private readonly db: TransactionRunner,
    private readonly tokens: TokensRepository,
  ) {}

  async issue(name: string, role: Role, issuedBy?: string): Promise<IssuedToken> {
    const token = generateToken();
    const row = await this.db.run((m) => this.tokens.insert(m, name, role, hashToken(token), issuedBy));
    return { id: row.id, name: row.name, role: row.role, token };
  }

  async revoke(id: string): Promise<TokenRow> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound('token', id);
    const row = await this.db.run((m) => this.tokens.revoke(m, id));
    if (!row) throw notFound('token', id);
    return row;
  }

  list(): Promise<TokenRow[]> {
    return this.db.run((m) => this.tokens.list(m));
  }

  async authenticate(bearer: string): Promise<Principal | undefined> {
    if (bearer.length === 0 || bearer.length > 512) return undefined;
    // One indexed read, outside any transaction: this runs on every request.
    const row = await this.tokens.findActiveByHash(this.db.current() ?? this.db.dataSource.manager, hashToken(bearer));
    return row && { tokenId: row.id, kind: 'token', role: row.role, name: row.name };
  }

  /**
   * Makes sure an admin can get in: ADMIN_TOKEN is registered if it is not yet; without it, the
   * first start (no admin token at all) issues one and returns it so it can be printed once.
   */
  async bootstrapAdmin(adminToken: string | undefined): Promise<string | undefined> {
    return this.db.run(async (m) => {
      await this.tokens.lockAdminBootstrap(m);
      if (adminToken !== undefined) {
        if (!(await this.tokens.existsByHash(m, hashToken(adminToken)))) {
          await this.tokens.insert(m, 'ADMIN_TOKEN', 'admin', hashToken(adminToken));
        }
        return undefined;
      }
      if (await this.tokens.anyAdmin(m)) return undefined;
      const token = generateToken();
      await this.tokens.insert(m, 'first admin', 'admin', hashToken(token));
      return token;
    });
  }

  assertRole(role: string): asserts role is Role {
    if (!['admin', 'secretariat', 'viewer', 'auditor'].includes(role)) {
      throw new DomainError(ErrorCode.ValidationFailed, `unknown role '${role}'`, [{ field: 'role', message: 'unknown role' }]);
    }
  }
}
