import { limitHeapGrowth } from './heap-growth';

limitHeapGrowth();
