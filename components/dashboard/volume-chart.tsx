/**
 * 30 days of documents posted, as a bar chart drawn in SVG (BigDesign has no charts). Screen readers get the
 * same figures as a table; each bar has a title for pointer users.
 */
import { Small } from '@bigcommerce/big-design';
import styled from 'styled-components';
import { VisuallyHidden } from '@/components/visually-hidden';

const Figure = styled.figure`
  margin: 0;
`;

const WIDTH = 600;
const HEIGHT = 140;
const AXIS = 18;

export function VolumeChart({ volume }: { volume: Array<{ day: string; posted: number }> }) {
  const max = Math.max(1, ...volume.map((point) => point.posted));
  const slot = WIDTH / Math.max(volume.length, 1);
  const total = volume.reduce((sum, point) => sum + point.posted, 0);
  return (
    <Figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} width="100%" role="img" aria-label={`Documents posted per day, last ${volume.length} days: ${total} in total`}>
        {volume.map((point, index) => {
          const height = Math.round((point.posted / max) * HEIGHT);
          return (
            <rect key={point.day} x={index * slot + 2} y={HEIGHT - height} width={Math.max(slot - 4, 1)} height={height} rx={2} fill="#3c64f4">
              <title>{`${point.day}: ${point.posted} posted`}</title>
            </rect>
          );
        })}
        <line x1={0} x2={WIDTH} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} stroke="#d9dce9" />
        {volume.length > 0 ? (
          <>
            <text x={0} y={HEIGHT + AXIS - 4} fontSize={11} fill="#5e637a">
              {volume[0]!.day}
            </text>
            <text x={WIDTH} y={HEIGHT + AXIS - 4} fontSize={11} fill="#5e637a" textAnchor="end">
              {volume.at(-1)!.day}
            </text>
          </>
        ) : null}
      </svg>
      <figcaption>
        <Small>
          {total} document{total === 1 ? '' : 's'} posted in the last {volume.length} days (busiest day: {max === 1 && total === 0 ? 0 : max}).
        </Small>
      </figcaption>
      <VisuallyHidden as="table">
        <caption>Documents posted per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Posted</th>
          </tr>
        </thead>
        <tbody>
          {volume.map((point) => (
            <tr key={point.day}>
              <td>{point.day}</td>
              <td>{point.posted}</td>
            </tr>
          ))}
        </tbody>
      </VisuallyHidden>
    </Figure>
  );
}
