package dev.feedloop.modulefixture.a;

import dev.feedloop.modulefixture.b.Declared;
import dev.feedloop.modulefixture.c.Undeclared;

public class Caller {

    public String call() {
        return new Declared().name() + new Undeclared().name();
    }
}
