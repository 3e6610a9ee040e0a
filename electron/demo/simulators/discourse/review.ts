// electron/demo/simulators/discourse: the simulated forum's review queue and moderation endpoints, in
// Discourse's wire format (REST serializer: ids on each reviewable, the records side-loaded at the
// root): `GET /review.json`, `GET /review/{id}.json`, `PUT /review/{id}/perform/{action}.json?version=`,
// `DELETE /posts/{id}.json`, `PUT /t/{id}/status.json`, `PUT /admin/users/{id}/silence.json` and
// `suspend.json`, with Discourse's answers to repeats (409 for a stale version or an account already
// silenced/suspended, 403 for an action a settled item no longer offers, 404 for a deleted post).
// Every applied change is recorded (`SimModAction`) so tests can count what the forum did.

export type SimScore = {
  id: number;
  user_id: number;
  /** PostActionType id: 3 off-topic, 4 inappropriate, 7 something else, 8 spam; 9 needs approval (queued posts). */
  score_type: number;
  reason: string | null;
  created_at: string;
};
export type SimReviewable = {
  id: number;
  type: 'ReviewableFlaggedPost' | 'ReviewableQueuedPost';
  /** 0 pending, 1 approved, 2 rejected, 3 ignored, 4 deleted. */
  status: number;
  version: number;
  created_at: string;
  topic_id: number | null;
  post_id: number | null;
  created_by_id: number;
  target_created_by_id: number;
  scores: SimScore[];
  /** Queued posts: what the member wrote (and the new topic's title). */
  payload?: { raw: string; title?: string };
};
export type SimModAction = {
  at: string;
  kind: 'perform' | 'delete_post' | 'topic_status' | 'silence' | 'suspend';
  /** Reviewable, post, topic or user id. */
  target: number;
  detail: string;
};
export type SimReviewUser = {
  id: number;
  name: string | null;
  staff: boolean;
  silenced_till?: string | null;
  suspended_till?: string | null;
};

/** What the review endpoints need from the site. */
export type ReviewSite = {
  apiUsername: string;
  reviewables: SimReviewable[];
  modActions: SimModAction[];
  posts: Array<{
    id: number;
    topic_id: number;
    post_number: number;
    user_id: number;
    raw: string;
    cooked: string;
    created_at: string;
    reply_to_post_number: number | null;
    hidden: boolean;
    deleted_at: string | null;
  }>;
  topics: Array<{
    id: number;
    title: string;
    slug: string;
    created_at: string;
    archetype: string;
    closed: boolean;
    category_id: number | null;
  }>;
  users: Map<string, SimReviewUser>;
};
export type ReviewHost = {
  /** Creates a post as `username` (approve_post of a queued post). */
  createPost(o: { topicId?: number; title?: string; raw: string; username: string }): {
    id: number;
  };
  /** Closes/reopens a topic the way Discourse does (a small-action post). */
  setClosed(topicId: number, closed: boolean): void;
  save(): void;
};
export type ReviewAnswer = { status: number; body: unknown } | null;

export const SCORE_TYPES: Record<number, { title: string; type: string }> = {
  3: { title: 'Off-Topic', type: 'off_topic' },
  4: { title: 'Inappropriate', type: 'inappropriate' },
  7: { title: 'Something Else', type: 'notify_moderators' },
  8: { title: 'Spam', type: 'spam' },
  9: { title: 'Needs Approval', type: 'needs_approval' },
};
/** Discourse's /review.json page size in the versions we model. */
export const REVIEW_PER_PAGE = 10;
const STATUS_NAMES = ['pending', 'approved', 'rejected', 'ignored', 'deleted'];
const NOT_FOUND = {
  errors: ['The requested URL or resource could not be found.'],
  error_type: 'not_found',
};
const INVALID_ACCESS = {
  errors: ['You are not permitted to view the requested resource.'],
  error_type: 'invalid_access',
};

function userById(s: ReviewSite, id: number): [string, SimReviewUser] | undefined {
  for (const [name, u] of s.users) if (u.id === id) return [name, u];
  return undefined;
}

/** The action ids a pending reviewable offers (Discourse's own ids), grouped in bundles. */
function bundlesOf(r: SimReviewable) {
  if (r.status !== 0) return [];
  if (r.type === 'ReviewableQueuedPost')
    return [
      {
        id: `${r.id}-approve_post`,
        icon: 'check',
        label: 'Approve Post',
        action_ids: ['approve_post'],
      },
      {
        id: `${r.id}-reject_post`,
        icon: 'times',
        label: 'Reject Post',
        action_ids: ['reject_post'],
      },
    ];
  return [
    {
      id: `${r.id}-agree`,
      icon: 'thumbs-up',
      label: 'Yes',
      action_ids: ['agree_and_keep', 'delete_and_agree'],
    },
    { id: `${r.id}-disagree`, icon: 'thumbs-down', label: 'No', action_ids: ['disagree'] },
    {
      id: `${r.id}-ignore`,
      icon: 'external-link-alt',
      label: 'Ignore',
      action_ids: ['ignore_and_do_nothing'],
    },
  ];
}

/** One reviewable and its side-loaded records, the way ReviewablesController serializes them. */
function serialize(s: ReviewSite, list: SimReviewable[], baseUrl: string) {
  const users = new Map<number, unknown>();
  const topics = new Map<number, unknown>();
  const scores: unknown[] = [];
  const bundled: unknown[] = [];
  const addUser = (id: number) => {
    const e = userById(s, id);
    if (e && !users.has(id))
      users.set(id, {
        id,
        username: e[0],
        name: e[1].name,
        avatar_template: `/letter_avatar_proxy/v4/letter/${e[0][0] ?? 'x'}/3e96dc/{size}.png`,
        trust_level: e[1].staff ? 4 : 1,
      });
  };
  const reviewables = list.map((r) => {
    const post = r.post_id !== null ? s.posts.find((p) => p.id === r.post_id) : undefined;
    const topic = r.topic_id !== null ? s.topics.find((t) => t.id === r.topic_id) : undefined;
    addUser(r.created_by_id);
    addUser(r.target_created_by_id);
    if (topic && !topics.has(topic.id))
      topics.set(topic.id, {
        id: topic.id,
        title: topic.title,
        fancy_title: topic.title,
        slug: topic.slug,
        created_at: topic.created_at,
        archetype: topic.archetype,
        closed: topic.closed,
        category_id: topic.category_id,
      });
    for (const sc of r.scores) {
      addUser(sc.user_id);
      scores.push({
        id: sc.id,
        score: 1 + (sc.score_type === 8 ? 5 : 0),
        agree_stats: { agreed: 0, disagreed: 0, ignored: 0 },
        reason: sc.reason,
        created_at: sc.created_at,
        reviewed_at: r.status === 0 ? null : r.created_at,
        status: r.status,
        user_id: sc.user_id,
        score_type: { id: sc.score_type, ...SCORE_TYPES[sc.score_type], reviewable_priority: 0 },
        reviewable_conversation: null,
      });
    }
    const bundles = bundlesOf(r);
    bundled.push(...bundles);
    const topicUrl = topic ? `${baseUrl}/t/${topic.slug}/${topic.id}` : undefined;
    const common = {
      id: r.id,
      type: r.type,
      type_source: 'unknown',
      status: r.status,
      topic_id: r.topic_id,
      topic_url: topicUrl,
      category_id: topic?.category_id ?? null,
      created_at: r.created_at,
      can_edit: false,
      score: r.scores.length,
      version: r.version,
      created_by_id: r.created_by_id,
      target_created_by_id: r.target_created_by_id,
      reviewable_score_ids: r.scores.map((x) => x.id),
      bundled_action_ids: bundles.map((b) => b.id),
      editable_fields: [],
    };
    if (r.type === 'ReviewableQueuedPost')
      return { ...common, target_type: null, target_id: null, payload: { ...r.payload } };
    return {
      ...common,
      target_type: 'Post',
      target_id: r.post_id,
      post_id: r.post_id,
      target_url: post && topicUrl ? `${topicUrl}/${post.post_number}` : topicUrl,
      target_created_at: post?.created_at,
      post_number: post?.post_number,
      reply_to_post_number: post?.reply_to_post_number ?? null,
      cooked: post?.cooked ?? '',
      raw: post?.raw ?? '',
      blank_post: !post,
      ...(post?.deleted_at ? { target_deleted_at: post.deleted_at } : {}),
    };
  });
  const actionIds = [
    ...new Set(bundled.flatMap((b) => (b as { action_ids: string[] }).action_ids)),
  ];
  return {
    reviewables,
    users: [...users.values()],
    topics: [...topics.values()],
    reviewable_scores: scores,
    bundled_actions: [...new Map(bundled.map((b) => [(b as { id: string }).id, b])).values()],
    actions: actionIds.map((id) => ({ id, label: id.replace(/_/g, ' '), icon: null })),
  };
}

/** The review and moderation endpoints; null when the path is not one of them. */
export function handleReview(
  s: ReviewSite,
  host: ReviewHost,
  req: {
    method: string;
    path: string;
    params: URLSearchParams;
    body: Record<string, unknown> | null;
  },
  baseUrl: string,
): ReviewAnswer {
  const now = new Date().toISOString();
  const record = (kind: SimModAction['kind'], target: number, detail: string) => {
    s.modActions.push({ at: now, kind, target, detail });
    host.save();
  };
  const { method, path, params } = req;
  let m: RegExpExecArray | null;

  if (method === 'GET' && path === '/review.json') {
    const status = params.get('status') ?? 'pending';
    const want = STATUS_NAMES.indexOf(status);
    const all = s.reviewables
      .filter((r) => status === 'all' || r.status === want)
      .sort((a, b) => b.id - a.id);
    const offset = Math.max(0, Number(params.get('offset')) || 0);
    const page = all.slice(offset, offset + REVIEW_PER_PAGE);
    const more = offset + page.length < all.length;
    return {
      status: 200,
      body: {
        ...serialize(s, page, baseUrl),
        meta: {
          total_rows_reviewables: all.length,
          types: { created_by: 'user', target_created_by: 'user', reviewed_by: 'user' },
          reviewable_count: s.reviewables.filter((r) => r.status === 0).length,
          ...(more
            ? {
                load_more_reviewables: `/review.json?offset=${offset + page.length}&status=${status}`,
              }
            : {}),
        },
      },
    };
  }
  if (method === 'GET' && (m = /^\/review\/(\d+)\.json$/.exec(path))) {
    const r = s.reviewables.find((x) => x.id === Number(m![1]));
    if (!r) return { status: 404, body: NOT_FOUND };
    const { reviewables, ...rest } = serialize(s, [r], baseUrl);
    return { status: 200, body: { reviewable: reviewables[0], ...rest, meta: { types: {} } } };
  }
  if (method === 'PUT' && (m = /^\/review\/(\d+)\/perform\/([a-z_]+)\.json$/.exec(path))) {
    const r = s.reviewables.find((x) => x.id === Number(m![1]));
    if (!r) return { status: 404, body: NOT_FOUND };
    const action = m[2]!;
    const version = params.get('version');
    if (version === null)
      return {
        status: 422,
        body: { errors: ['version is required'], error_type: 'invalid_parameters' },
      };
    if (Number(version) !== r.version)
      return {
        status: 409,
        body: {
          errors: ['The review item was changed by someone else. Please reload and try again.'],
          error_type: 'invalid_parameters',
        },
      };
    const offered = bundlesOf(r).flatMap((b) => b.action_ids);
    if (!offered.includes(action)) return { status: 403, body: INVALID_ACCESS };
    const post = r.post_id !== null ? s.posts.find((p) => p.id === r.post_id) : undefined;
    let createdPostId: number | undefined;
    switch (action) {
      case 'approve_post': {
        const author = userById(s, r.target_created_by_id)?.[0] ?? 'system';
        createdPostId = host.createPost({
          topicId: r.topic_id ?? undefined,
          title: r.payload?.title,
          raw: r.payload?.raw ?? '',
          username: author,
        }).id;
        r.status = 1;
        break;
      }
      case 'reject_post':
        r.status = 2;
        break;
      case 'agree_and_keep':
        r.status = 1;
        break;
      case 'delete_and_agree':
        if (post && !post.deleted_at) post.deleted_at = now;
        r.status = 1;
        break;
      case 'disagree':
        if (post) post.hidden = false;
        r.status = 2;
        break;
      case 'ignore_and_do_nothing':
        r.status = 3;
        break;
    }
    r.version++;
    record('perform', r.id, action);
    return {
      status: 200,
      body: {
        reviewable_perform_result: {
          success: true,
          transition_to: STATUS_NAMES[r.status],
          transition_to_id: r.status,
          version: r.version,
          remove_reviewable_ids: [r.id],
          reviewable_count: s.reviewables.filter((x) => x.status === 0).length,
          ...(createdPostId !== undefined ? { created_post_id: createdPostId } : {}),
        },
      },
    };
  }
  if (method === 'DELETE' && (m = /^\/posts\/(\d+)\.json$/.exec(path))) {
    const post = s.posts.find((p) => p.id === Number(m![1]) && !p.deleted_at);
    if (!post) return { status: 404, body: NOT_FOUND };
    post.deleted_at = now;
    // Discourse agrees with the pending flags of a post staff deletes.
    for (const r of s.reviewables)
      if (r.post_id === post.id && r.status === 0) {
        r.status = 1;
        r.version++;
      }
    record('delete_post', post.id, 'deleted');
    return { status: 200, body: '' };
  }
  if (method === 'PUT' && (m = /^\/t\/(\d+)\/status\.json$/.exec(path))) {
    const t = s.topics.find((x) => x.id === Number(m![1]));
    if (!t) return { status: 404, body: NOT_FOUND };
    const b = req.body ?? {};
    if (b.status !== 'closed')
      return {
        status: 400,
        body: {
          errors: ['param is missing or the value is empty: status'],
          error_type: 'invalid_parameters',
        },
      };
    const enabled = b.enabled === true || b.enabled === 'true';
    // Discourse changes nothing (and posts no small action) when the topic already has the status.
    if (t.closed !== enabled) {
      host.setClosed(t.id, enabled);
      record('topic_status', t.id, `closed=${enabled}`);
    }
    return { status: 200, body: { success: 'OK', topic_status_update: null } };
  }
  if (method === 'PUT' && (m = /^\/admin\/users\/(\d+)\/(silence|suspend)\.json$/.exec(path))) {
    const e = userById(s, Number(m[1]));
    if (!e) return { status: 404, body: NOT_FOUND };
    const [username, u] = e;
    const b = req.body ?? {};
    const reason = typeof b.reason === 'string' ? b.reason.trim() : '';
    const me = { id: s.users.get(s.apiUsername.toLowerCase())?.id ?? 1, username: s.apiUsername };
    if (m[2] === 'silence') {
      if (u.silenced_till && Date.parse(u.silenced_till) > Date.now())
        return {
          status: 409,
          body: {
            failed: 'FAILED',
            message: `${username} was already silenced by ${s.apiUsername}.`,
          },
        };
      const till =
        typeof b.silenced_till === 'string' ? b.silenced_till : '3025-01-01T00:00:00.000Z';
      if (!Number.isFinite(Date.parse(till)))
        return {
          status: 400,
          body: { errors: ['Invalid silenced_till'], error_type: 'invalid_parameters' },
        };
      u.silenced_till = new Date(till).toISOString();
      record('silence', u.id, `${reason} until ${u.silenced_till}`);
      return {
        status: 200,
        body: {
          silence: {
            silenced: true,
            silence_reason: reason,
            silenced_till: u.silenced_till,
            silenced_at: now,
            silenced_by: me,
          },
        },
      };
    }
    if (u.suspended_till && Date.parse(u.suspended_till) > Date.now())
      return {
        status: 409,
        body: {
          failed: 'FAILED',
          message: `${username} was already suspended by ${s.apiUsername}.`,
        },
      };
    if (!reason)
      return {
        status: 422,
        body: { errors: ['A reason is required'], error_type: 'invalid_parameters' },
      };
    const until = typeof b.suspend_until === 'string' ? Date.parse(b.suspend_until) : NaN;
    if (!Number.isFinite(until))
      return {
        status: 400,
        body: {
          errors: ['param is missing or the value is empty: suspend_until'],
          error_type: 'invalid_parameters',
        },
      };
    u.suspended_till = new Date(until).toISOString();
    record('suspend', u.id, `${reason} until ${u.suspended_till}`);
    return {
      status: 200,
      body: {
        suspension: {
          suspend_reason: reason,
          full_suspend_reason: reason,
          suspended_till: u.suspended_till,
          suspended_at: now,
          suspended_by: me,
        },
      },
    };
  }
  return null;
}

/** A member flags a post: a score on its pending reviewable (created when there is none). */
export function flagPost(
  s: ReviewSite & { nextReviewableId: number; nextScoreId: number },
  postId: number,
  o: { by: { id: number }; scoreType: number; reason?: string | null },
): SimReviewable {
  const post = s.posts.find((p) => p.id === postId);
  if (!post) throw new Error(`No post ${postId}`);
  const now = new Date().toISOString();
  let r = s.reviewables.find(
    (x) => x.post_id === postId && x.type === 'ReviewableFlaggedPost' && x.status === 0,
  );
  if (!r) {
    r = {
      id: s.nextReviewableId++,
      type: 'ReviewableFlaggedPost',
      status: 0,
      version: 0,
      created_at: now,
      topic_id: post.topic_id,
      post_id: post.id,
      created_by_id: o.by.id,
      target_created_by_id: post.user_id,
      scores: [],
    };
    s.reviewables.push(r);
  }
  r.scores.push({
    id: s.nextScoreId++,
    user_id: o.by.id,
    score_type: o.scoreType,
    reason: o.reason ?? null,
    created_at: now,
  });
  r.version++;
  return r;
}
