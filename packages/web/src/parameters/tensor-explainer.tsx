/** What the selected tensor is and what its motion in the cloud means, in a collapsible panel. */

export type TensorKind = 'token' | 'position' | 'weights';

/** Token embedding, position embedding, or another weight matrix, by the tensor's name. */
export function tensorKind(name: string): TensorKind {
  const base = name.replace(/\.weight$/, '').toLowerCase();
  if (/(^|[._/])(pos|position|wpe)([._/]|_?emb|$)|pos_emb|position_embed/.test(base)) return 'position';
  if (/(^|[._/])(embeddings?|tok_emb|token_embed\w*|wte|char_emb|embed)([._/]|$)|tok_emb|char_emb/.test(base)) return 'token';
  return 'weights';
}

const WHAT: Record<TensorKind, { title: string; is: string; motion: string }> = {
  token: {
    title: 'Token embedding',
    is: 'One point per character or token: its row of the embedding table, the vector the model looks the token up as. The cloud shows the rows projected to 3-D in one fixed basis (fitted on the last snapshot), so the axes do not turn between frames.',
    motion:
      'At initialisation the points are random noise. As the loss falls, tokens the model uses alike (vowels, digits, punctuation, upper case) drift together and the cloud gains structure; near convergence the motion slows and the layout settles. Large late jumps usually mean a too-high learning rate.',
  },
  position: {
    title: 'Position embedding',
    is: 'One point per position in the context window: the vector added to a token for being at that position.',
    motion: 'Learned positions usually arrange into a smooth curve, neighbouring positions close together. Motion early in training is the curve forming; once it stops changing the model has settled how it encodes order.',
  },
  weights: {
    title: 'Weight matrix',
    is: 'One point per row of this weight matrix (for a linear layer, the weights into one unit), projected to 3-D in one fixed basis.',
    motion: 'Rows that move together are units learning similar features; the spread of the cloud tracks the size of the weights. A cloud that keeps moving late in training is a layer still learning; one that barely moves from initialisation may be undertrained.',
  },
};

export function TensorExplainer({ name, shape, hasLabels }: { name: string; shape: readonly number[]; hasLabels: boolean }) {
  const kind = tensorKind(name);
  const w = WHAT[kind];
  return (
    <details className="tensor-explainer" data-testid="tensor-explainer" data-kind={kind} data-tour="explain">
      <summary>
        <strong>{w.title}</strong> <span className="muted">— {name}{shape.length > 0 ? ` (${shape.join('×')})` : ''}: what it is and what its motion means</span>
      </summary>
      <p>{w.is}</p>
      <p>{w.motion}</p>
      <p className="muted">
        {hasLabels ? 'Colour by label class shows which kinds of characters group together; ' : ''}
        colour by row norm shows which rows grew. Hover a point for its label, norm and nearest neighbours at the shown step; the loss curve beneath the timeline marks where training is.
      </p>
    </details>
  );
}
