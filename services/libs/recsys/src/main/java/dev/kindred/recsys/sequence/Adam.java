package dev.kindred.recsys.sequence;

/** Adam over one flat parameter array (β1 0.9, β2 0.98 as in transformer training), with bias correction. */
final class Adam {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.98f;
  private static final float EPS = 1e-8f;
  private final float[] m;
  private final float[] v;
  private final float rate;
  private int step;

  Adam(int size, float rate) {
    this.m = new float[size];
    this.v = new float[size];
    this.rate = rate;
  }

  void step(float[] params, float[] grad) {
    step++;
    float c1 = (float) (1 - Math.pow(BETA1, step));
    float c2 = (float) (1 - Math.pow(BETA2, step));
    float lr = rate * (float) Math.sqrt(c2) / c1;
    for (int i = 0; i < params.length; i++) {
      float g = grad[i];
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      params[i] -= lr * m[i] / ((float) Math.sqrt(v[i]) + EPS);
    }
  }
}
