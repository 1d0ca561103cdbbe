import { unhandledJobNames } from './catalogue-worker';
import { JobName } from './job-catalogue';

describe(unhandledJobNames.name, () => {
  const handler = async () => undefined;

  it('is empty when every job has a handler', () => {
    expect(
      unhandledJobNames([
        { handlers: { [JobName.SendEmail]: handler } },
        { handlers: { [JobName.SweepOutbox]: handler, [JobName.SolveClustering]: handler } },
        { handlers: { [JobName.SendReminder]: handler, [JobName.SweepReminders]: handler } },
        { handlers: { [JobName.SweepOverdueActions]: handler } },
      ]),
    ).toEqual([]);
  });

  it('names each job without a handler', () => {
    expect(unhandledJobNames([{ handlers: { [JobName.SendEmail]: handler } }])).toEqual([
      JobName.SweepOutbox,
      JobName.SolveClustering,
      JobName.SendReminder,
      JobName.SweepReminders,
      JobName.SweepOverdueActions,
    ]);
    expect(unhandledJobNames([])).toEqual(Object.values(JobName));
  });
});
