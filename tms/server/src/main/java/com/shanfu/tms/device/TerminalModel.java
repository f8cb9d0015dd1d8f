package com.shanfu.tms.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "terminal_model")
public class TerminalModel {

    @Id
    private String code;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String connectivity;

    @Column(name = "has_printer", nullable = false)
    private boolean hasPrinter;

    @Column(name = "price_fen", nullable = false)
    private long priceFen;

    protected TerminalModel() {}

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public String connectivity() {
        return connectivity;
    }

    public boolean hasPrinter() {
        return hasPrinter;
    }

    public long priceFen() {
        return priceFen;
    }
}
