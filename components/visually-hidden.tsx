/** Present for screen readers, invisible on screen (live regions, data tables behind charts). */
import styled from 'styled-components';

export const VisuallyHidden = styled.div`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
`;
