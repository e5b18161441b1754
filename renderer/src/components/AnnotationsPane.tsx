import type { Annotation, ColorSetting, HighlightColor } from '../../../preload/api';
import { AnnotationCard } from './AnnotationCard';

/** Asks a card to scroll into view, and to take keyboard focus when `focus` is set. */
export interface CardRequest {
  id: string;
  nonce: number;
  focus: boolean;
}

interface AnnotationsPaneProps {
  annotations: readonly Annotation[];
  colors: readonly ColorSetting[];
  activeId: string | null;
  focusRequest: CardRequest | null;
  onSelect: (id: string) => void;
  onNoteChange: (id: string, note: string) => Promise<void>;
  onTagsChange: (id: string, tags: string[]) => void;
  onColorChange: (id: string, color: HighlightColor) => void;
  onDelete: (annotation: Annotation) => void;
}

/** The annotations beside the article, in text order. */
export function AnnotationsPane(props: AnnotationsPaneProps) {
  const { annotations, colors, activeId, focusRequest } = props;
  return (
    <aside className="annotations" aria-label="Annotations">
      <header className="pane-header">
        <h2>Annotations</h2>
        <span className="count">{annotations.length}</span>
      </header>
      {annotations.length === 0 ? (
        <p className="pane-empty">Select text in the article to highlight it. Your highlights, notes and tags appear here.</p>
      ) : (
        <div className="card-list">
          {annotations.map((annotation) => (
            <AnnotationCard
              key={annotation.id}
              annotation={annotation}
              colors={colors}
              active={annotation.id === activeId}
              request={focusRequest?.id === annotation.id ? focusRequest : null}
              onSelect={() => props.onSelect(annotation.id)}
              onNoteChange={(note) => props.onNoteChange(annotation.id, note)}
              onTagsChange={(tags) => props.onTagsChange(annotation.id, tags)}
              onColorChange={(color) => props.onColorChange(annotation.id, color)}
              onDelete={() => props.onDelete(annotation)}
            />
          ))}
        </div>
      )}
    </aside>
  );
}
