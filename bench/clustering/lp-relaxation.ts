import { AssignmentProblem, buildLp } from '@mosaic/clustering';
import loadHighs from 'highs';

/** Optimum of the LP relaxation of a problem's plain model (buildLp without its integrality). */
export async function lpRelaxationValue(problem: AssignmentProblem): Promise<number> {
  const model = buildLp(problem);
  const highs = await loadHighs();
  const lp = highs.createModel({ format: 'lp', data: model.text.replace(/Binaries[\s\S]*End/, 'End') });
  try {
    lp.options.set({ output_flag: false });
    lp.run();
    return lp.getObjectiveValue() + model.constant;
  } finally {
    lp.dispose();
  }
}
